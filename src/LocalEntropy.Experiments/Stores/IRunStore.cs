namespace LocalEntropy.Experiments;

/// <summary>
/// Where sweeps keep their finished runs; one implementation per database engine, all SQL behind it. Safe to call
/// from several threads. A run is written in one transaction: readers never see half of it, and a run whose point
/// is already stored (two processes on one database) is dropped, so every point is stored at most once.
/// </summary>
public interface IRunStore : IDisposable
{
    /// <summary>Where the store is (a file name, a server), for messages.</summary>
    string Location { get; }

    /// <summary>The ids (<see cref="SweepPoint.Id"/>) of the points of <paramref name="sweep"/> already stored.</summary>
    IReadOnlySet<string> StoredPoints(string sweep);

    /// <summary>Stores one finished run; false when its point was already stored. Throws <see cref="StoreException"/>.</summary>
    bool Add(RunRecord run);

    /// <summary>The stored runs, of one sweep or of all, in the order they were stored, as the columns of `runs`.</summary>
    RunTable Runs(string? sweep = null);
}

/// <summary>Rows of the `runs` table: column names and, per row, one value per column (null, long, double or string).</summary>
public sealed record RunTable(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>A store that cannot be opened or written: not a results database, a newer schema, a full or read-only disk.</summary>
public sealed class StoreException(string message, Exception? inner = null) : IOException(message, inner);
