using System.Globalization;

namespace LocalEntropy.Experiments;

/// <summary>A stored run as a report reads it: the columns of `runs` it summarizes, and its `lent solve` command read back.</summary>
public sealed record StoredRun(
    string Sweep,
    string Problem,
    int N,
    int K,
    int P,
    double Alpha,
    bool Teacher,
    string Algorithm,
    ulong Seed,
    bool Solved,
    int Errors,
    long Iterations,
    double Seconds,
    double? GeneralizationError,
    SolveCommandLine Command,
    string Version,
    string Host,
    string StartedAt,
    string FinishedAt)
{
    /// <summary>The runs of <paramref name="table"/> in its order; throws <see cref="FormatException"/> for a row it cannot read.</summary>
    public static IReadOnlyList<StoredRun> Read(RunTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var index = table.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        return [.. table.Rows.Select(row =>
        {
            object? Cell(string column) => index.TryGetValue(column, out int i) ? row[i] : throw new FormatException($"no column '{column}'");
            string Text(string column) => Convert.ToString(Cell(column), CultureInfo.InvariantCulture) ?? "";
            long Whole(string column) => Convert.ToInt64(Cell(column), CultureInfo.InvariantCulture);
            double Real(string column) => Convert.ToDouble(Cell(column), CultureInfo.InvariantCulture);
            return new StoredRun(
                Text("sweep"), Text("problem"), (int)Whole("n"), (int)Whole("k"), (int)Whole("p"), Real("alpha"), Whole("teacher") != 0,
                Text("algorithm"), (ulong)Whole("seed"), Whole("solved") != 0, (int)Whole("errors"), Whole("iterations"), Real("seconds"),
                Cell("generalization_error") is null ? null : Real("generalization_error"), SolveCommandLine.Parse(Text("command")),
                Text("version"), Text("host"), Text("started_at"), Text("finished_at"));
        })];
    }
}
