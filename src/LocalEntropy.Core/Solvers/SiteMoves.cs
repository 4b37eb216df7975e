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

    /// <summary>
    /// Draws a move and its energy change; returns the proposal ratio q(back)/q(forth) that the acceptance needs for
    /// detailed balance (1 for a symmetric proposal).
    /// </summary>
    double Propose(Rng rng, out int move, out int delta);

    /// <summary>Makes a move drawn by <see cref="Propose"/>, with the energy change it returned.</summary>
    void Apply(int move, int delta);

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

    public double Propose(Rng rng, out int move, out int delta)
    {
        move = rng.NextInt(Sites);
        delta = state.DeltaEnergy(move);
        return 1;
    }

    public void Apply(int move, int delta) => state.Flip(move, delta);

    public void KeepBest() => Best.CopyFrom(state.Configuration);

    public void Restart(Rng rng) => state.Reset(SpinVector.Random(Sites, rng));
}

/// <summary>One-level moves drawn by <see cref="LevelProposal"/>: the move 2j + 1 raises weight j, 2j lowers it.</summary>
internal readonly struct LevelMoves(ILevelState state) : ISiteMoves
{
    public LevelWeights Best { get; } = state.Configuration.Clone();

    public int Sites => state.Configuration.Length;

    public int Errors => state.Errors;

    public double Propose(Rng rng, out int move, out int delta)
    {
        double ratio = LevelProposal.Draw(state.Configuration, rng, out int j, out bool up);
        move = 2 * j + (up ? 1 : 0);
        delta = state.DeltaEnergy(j, up);
        return ratio;
    }

    public void Apply(int move, int delta) => state.Move(move >> 1, (move & 1) != 0, delta);

    public void KeepBest() => Best.CopyFrom(state.Configuration);

    public void Restart(Rng rng) => state.Reset(LevelWeights.Random(Sites, state.Configuration.Levels, rng));
}

/// <summary>
/// The one-level move proposal shared by sa and rmc on multi-level weights (docs/algorithms.md, "Multi-level
/// weights"): a weight j drawn uniformly, then a direction drawn uniformly among the one or two that stay in [−1, 1].
/// No proposal is wasted, but q is no longer symmetric: from an extreme level the inward move has probability 1/N,
/// back from its interior neighbour 1/(2N). The returned ratio q(back)/q(forth) = n(w)/n(w′), with n the number of
/// valid directions at a level, restores detailed balance with respect to exp(−βE). At L = 1 every level is extreme,
/// the ratio is always 1 and the draws are those of a binary spin flip (one NextInt(N)).
/// </summary>
internal static class LevelProposal
{
    public static double Draw(LevelWeights weights, Rng rng, out int j, out bool up)
    {
        j = rng.NextInt(weights.Length);
        int w = weights[j], levels = weights.Levels;
        bool extreme = w == levels || w == -levels;
        up = extreme ? w < 0 : rng.NextBool();
        if (levels == 1) return 1;
        int next = w + (up ? 2 : -2);
        bool nextExtreme = next == levels || next == -levels;
        // n(w)/n(w′) with n = 1 at an extreme level and 2 inside.
        return extreme == nextExtreme ? 1 : extreme ? 0.5 : 2;
    }
}
