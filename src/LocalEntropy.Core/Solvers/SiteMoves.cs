using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>
/// Single-site moves on one incremental state, as simulated annealing sees them: spin flips on ±1 problems, one-level
/// moves on multi-level weights. Struct implementations let the annealing loop specialise per configuration type.
/// </summary>
internal interface ISiteMoves
{
    /// <summary>Variables of the configuration (one sweep = this many proposals).</summary>
    int Sites { get; }

    /// <summary>Errors of the current configuration.</summary>
    int Errors { get; }

    /// <summary>Draws a move and its energy change; false when the move leaves the configuration space (rejected).</summary>
    bool TryPropose(Rng rng, out int move, out int delta);

    /// <summary>Makes a move drawn by <see cref="TryPropose"/>.</summary>
    void Apply(int move);

    /// <summary>Copies the current configuration into the best one.</summary>
    void KeepBest();

    /// <summary>Moves the state to a uniformly random configuration.</summary>
    void Restart(Rng rng);
}

/// <summary>Spin flips: the move is the site, drawn uniformly.</summary>
internal readonly struct FlipMoves(IFlipState state) : ISiteMoves
{
    public SpinVector Best { get; } = state.Configuration.Clone();

    public int Sites => state.Configuration.Length;

    public int Errors => state.Errors;

    public bool TryPropose(Rng rng, out int move, out int delta)
    {
        move = rng.NextInt(Sites);
        delta = state.DeltaEnergy(move);
        return true;
    }

    public void Apply(int move) => state.Flip(move);

    public void KeepBest() => Best.CopyFrom(state.Configuration);

    public void Restart(Rng rng) => state.Reset(SpinVector.Random(Sites, rng));
}

/// <summary>One-level moves: the move 2j + 1 raises weight j, 2j lowers it, drawn uniformly among the 2N.</summary>
internal readonly struct LevelMoves(ILevelState state) : ISiteMoves
{
    public LevelWeights Best { get; } = state.Configuration.Clone();

    public int Sites => state.Configuration.Length;

    public int Errors => state.Errors;

    public bool TryPropose(Rng rng, out int move, out int delta)
    {
        move = rng.NextInt(2 * Sites);
        int j = move >> 1, w = state.Configuration[j];
        bool up = (move & 1) != 0;
        int levels = state.Configuration.Levels;
        if (up ? w == levels : w == -levels)
        {
            delta = 0;
            return false;
        }
        delta = state.DeltaEnergy(j, up);
        return true;
    }

    public void Apply(int move) => state.Move(move >> 1, (move & 1) != 0);

    public void KeepBest() => Best.CopyFrom(state.Configuration);

    public void Restart(Rng rng) => state.Reset(LevelWeights.Random(Sites, state.Configuration.Levels, rng));
}
