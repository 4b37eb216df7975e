using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>
/// The y replicas of replicated Monte Carlo with their centre and best configuration, in numerator units (a ±1 spin
/// is the L = 1 numerator): every move changes one replica's numerator at one site by ±2, and so the site sum S_j
/// by ±2. Struct implementations let the Metropolis loop specialise per configuration type.
/// </summary>
internal interface IReplicaMoves
{
    int Replicas { get; }

    int Sites { get; }

    /// <summary>L (1 for ±1 spins).</summary>
    int Levels { get; }

    int Errors(int a);

    /// <summary>Draws a site and direction for replica <paramref name="a"/>; returns the proposal ratio q(back)/q(forth).</summary>
    double Propose(int a, Rng rng, out int j, out bool up);

    int DeltaEnergy(int a, int j, bool up);

    /// <summary>Makes the move whose energy change <see cref="DeltaEnergy"/> gave as <paramref name="delta"/>.</summary>
    void Move(int a, int j, bool up, int delta);

    /// <summary>S_j = Σ_a w^a_j.</summary>
    void Sum(int[] sums);

    /// <summary>Reads the centre off the site sums.</summary>
    void UpdateCentre(int[] sums);

    int CentreErrors();

    /// <summary>Copies replica <paramref name="a"/>, or the centre for −1, into the best configuration.</summary>
    void KeepBest(int a);

    /// <summary>Every replica to a fresh uniformly random configuration.</summary>
    void Restart(Rng rng);
}

/// <summary>Replicas of ±1 spins: a move flips the spin, so its direction is fixed by the spin; the centre is sign(S), ties keep the previous value.</summary>
internal readonly struct FlipReplicas(IFlipProblem problem, IFlipState[] replicas) : IReplicaMoves
{
    private readonly SpinVector _centre = new(problem.Size);

    public SpinVector Best { get; } = replicas[0].Configuration.Clone();

    public int Replicas => replicas.Length;

    public int Sites => problem.Size;

    public int Levels => 1;

    public int Errors(int a) => replicas[a].Errors;

    public double Propose(int a, Rng rng, out int j, out bool up)
    {
        j = rng.NextInt(problem.Size);
        up = replicas[a].Configuration[j] < 0;
        return 1;
    }

    public int DeltaEnergy(int a, int j, bool up) => replicas[a].DeltaEnergy(j);

    public void Move(int a, int j, bool up, int delta) => replicas[a].Flip(j, delta);

    public void Sum(int[] sums)
    {
        Array.Clear(sums);
        foreach (IFlipState r in replicas)
        {
            SpinVector w = r.Configuration;
            for (int j = 0; j < sums.Length; j++) sums[j] += w[j];
        }
    }

    public void UpdateCentre(int[] sums)
    {
        for (int j = 0; j < sums.Length; j++)
        {
            if (sums[j] != 0) _centre[j] = sums[j] > 0 ? 1 : -1;
        }
    }

    public int CentreErrors() => problem.Errors(_centre);

    public void KeepBest(int a) => Best.CopyFrom(a < 0 ? _centre : replicas[a].Configuration);

    public void Restart(Rng rng)
    {
        foreach (IFlipState r in replicas) r.Reset(SpinVector.Random(problem.Size, rng));
    }
}

/// <summary>
/// Replicas of multi-level weights: one-level moves drawn by <see cref="LevelProposal"/>; the centre is the level
/// nearest to the replicas' mean S_j/(yL), ties keep the previous side.
/// </summary>
internal readonly struct LevelReplicas(LevelPerceptron problem, ILevelState[] replicas) : IReplicaMoves
{
    private readonly LevelWeights _centre = new(problem.Size, problem.Levels);

    public LevelWeights Best { get; } = replicas[0].Configuration.Clone();

    public int Replicas => replicas.Length;

    public int Sites => problem.Size;

    public int Levels => problem.Levels;

    public int Errors(int a) => replicas[a].Errors;

    public double Propose(int a, Rng rng, out int j, out bool up) => LevelProposal.Draw(replicas[a].Configuration, rng, out j, out up);

    public int DeltaEnergy(int a, int j, bool up) => replicas[a].DeltaEnergy(j, up);

    public void Move(int a, int j, bool up, int delta) => replicas[a].Move(j, up, delta);

    public void Sum(int[] sums)
    {
        Array.Clear(sums);
        foreach (ILevelState r in replicas)
        {
            ReadOnlySpan<sbyte> w = r.Configuration.Numerators;
            for (int j = 0; j < sums.Length; j++) sums[j] += w[j];
        }
    }

    public void UpdateCentre(int[] sums)
    {
        for (int j = 0; j < sums.Length; j++) _centre[j] = NearestLevel(sums[j], replicas.Length, problem.Levels, _centre[j]);
    }

    /// <summary>
    /// The numerator 2k − L nearest to the mean numerator S/y: k = round((S + yL)/(2y)) in integers; on a tie the
    /// level on the side of <paramref name="previous"/>.
    /// </summary>
    internal static int NearestLevel(int sum, int replicas, int levels, int previous)
    {
        int q = sum + replicas * levels, k = q / (2 * replicas), rem = q % (2 * replicas);
        if (rem > replicas || (rem == replicas && previous > 2 * k - levels)) k++;
        return 2 * k - levels;
    }

    public int CentreErrors() => problem.Errors(_centre);

    public void KeepBest(int a) => Best.CopyFrom(a < 0 ? _centre : replicas[a].Configuration);

    public void Restart(Rng rng)
    {
        foreach (ILevelState r in replicas) r.Reset(LevelWeights.Random(problem.Size, problem.Levels, rng));
    }
}
