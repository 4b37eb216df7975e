using LocalEntropy.Numerics;

namespace LocalEntropy.Problems;

/// <summary>
/// A constraint-satisfaction problem over configurations of type <typeparamref name="TConfig"/>: its energy is the
/// number of violated constraints, and a solution has none.
/// </summary>
public interface IEnergyProblem<in TConfig>
{
    /// <summary>Number of variables (synapses) in a configuration.</summary>
    int Size { get; }

    /// <summary>Number of constraints (patterns, clauses).</summary>
    int Constraints { get; }

    /// <summary>Violated constraints of <paramref name="config"/>, recomputed from scratch.</summary>
    int Errors(TConfig config);
}

/// <summary>A problem on ±1 variables whose energy can be updated incrementally under single spin flips.</summary>
public interface IFlipProblem : IEnergyProblem<SpinVector>
{
    /// <summary>A fresh incremental state positioned at a copy of <paramref name="start"/>.</summary>
    IFlipState CreateState(SpinVector start, MoveEnergy energy);
}

/// <summary>
/// A configuration together with the cached quantities that make single-flip energy changes cheap.
/// Implementations allocate nothing in <see cref="DeltaEnergy"/> and <see cref="Flip(int)"/>.
/// </summary>
public interface IFlipState
{
    /// <summary>The current configuration (a live view: it changes with <see cref="Flip(int)"/>).</summary>
    SpinVector Configuration { get; }

    /// <summary>Current value of the move energy.</summary>
    long Energy { get; }

    /// <summary>Current number of violated constraints.</summary>
    int Errors { get; }

    /// <summary>Change of the move energy if variable <paramref name="j"/> were flipped.</summary>
    int DeltaEnergy(int j);

    /// <summary>Flips variable <paramref name="j"/> and updates the cache.</summary>
    void Flip(int j);

    /// <summary>
    /// Flips variable <paramref name="j"/> whose <see cref="DeltaEnergy"/> the caller has just computed as
    /// <paramref name="delta"/>; an implementation may use it to skip computing it again.
    /// </summary>
    void Flip(int j, int delta) => Flip(j);

    /// <summary>Moves the state to a copy of <paramref name="config"/>, recomputing the cache.</summary>
    void Reset(SpinVector config);
}
