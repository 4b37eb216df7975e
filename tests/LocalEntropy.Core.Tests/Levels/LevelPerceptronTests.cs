using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using Kernel = LocalEntropy.Problems.PerceptronFieldState.UpdateKernel;

namespace LocalEntropy.Core.Tests.Levels;

/// <summary>
/// The multi-level perceptron: fields, errors and the incremental one-level-move state against from-scratch
/// definitions, the L = 1 case against the binary perceptron, and exact counting against brute force.
/// </summary>
public class LevelPerceptronTests
{
    /// <summary>h^μ = Σ_i x^μ_i w_i straight from the definition, on the signed inputs.</summary>
    private static int[] FieldsByDefinition(Perceptron p, LevelWeights w)
    {
        var h = new int[p.P];
        for (int mu = 0; mu < p.P; mu++)
        {
            SpinVector x = p.SignedInput(mu);
            for (int i = 0; i < p.N; i++) h[mu] += x[i] * w[i];
        }
        return h;
    }

    /// <summary>
    /// Σ_μ f(h^μ) with the hinge threshold k·L in numerator units, plus 1 when N·L is even so that a zero field costs
    /// energy (docs/algorithms.md).
    /// </summary>
    private static long EnergyByDefinition(Perceptron p, LevelWeights w, MoveEnergy e)
    {
        int threshold = e.Margin * w.Levels + (p.N * w.Levels % 2 == 0 ? 1 : 0);
        long sum = 0;
        foreach (int h in FieldsByDefinition(p, w))
            sum += e.Kind == MoveEnergyKind.Errors ? (h <= 0 ? 1 : 0) : Math.Max(0, threshold - h);
        return sum;
    }

    private static int ErrorsByDefinition(Perceptron p, LevelWeights w) => FieldsByDefinition(p, w).Count(h => h <= 0);

    public static TheoryData<int, int, int, string, string> WalkCases
    {
        get
        {
            var data = new TheoryData<int, int, int, string, string>();
            foreach ((int n, int p) in new[] { (31, 20), (30, 70), (65, 129), (2, 5), (200, 64) })
            {
                foreach (int levels in new[] { 1, 2, 3, 8 })
                {
                    foreach (string e in new[] { "errors", "hinge", "hinge:1" })
                    {
                        data.Add(n, p, levels, e, nameof(Kernel.Auto));
                    }
                }
            }
            foreach (string k in new[] { nameof(Kernel.Scalar), nameof(Kernel.Vector256), nameof(Kernel.Vector512), nameof(Kernel.Vector512Narrow) }) data.Add(65, 129, 4, "hinge:1", k);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(WalkCases))]
    public void DeltaEnergy_AlongRandomWalk_EqualsRecomputedEnergy(int n, int p, int levels, string energyText, string kernelName)
    {
        var kernel = Enum.Parse<Kernel>(kernelName);
        if (kernel is Kernel.Vector512 or Kernel.Vector512Narrow && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return;
        if (kernel == Kernel.Vector256 && !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) return;
        var rng = new Rng((ulong)(n * 1000 + p * 10 + levels));
        Perceptron patterns = PerceptronGenerator.Random(n, p, rng);
        var problem = new LevelPerceptron(patterns, levels);
        MoveEnergy energy = MoveEnergy.Parse(energyText, null);
        // Start at zero weights where they exist, so zero fields (the tie counted as an error) occur.
        var start = LevelWeights.Random(n, levels, rng);
        if (levels % 2 == 0)
        {
            for (int i = 0; i < n; i++) start[i] = 0;
        }
        ILevelState state = problem.CreateState(start, energy, kernel);
        for (int step = 0; step < 150; step++)
        {
            LevelWeights w = state.Configuration;
            long e0 = EnergyByDefinition(patterns, w, energy);
            Assert.Equal(e0, state.Energy);
            Assert.Equal(ErrorsByDefinition(patterns, w), state.Errors);
            Assert.Equal(state.Errors, problem.Errors(w));
            int j = rng.NextInt(n);
            foreach (bool up in new[] { true, false })
            {
                if (up ? w[j] == levels : w[j] == -levels) continue;
                LevelWeights moved = w.Clone();
                moved[j] = w[j] + (up ? 2 : -2);
                Assert.Equal(EnergyByDefinition(patterns, moved, energy) - e0, state.DeltaEnergy(j, up));
            }
            bool go = w[j] == levels ? false : w[j] == -levels || rng.NextBool();
            if ((step & 1) == 0) state.Move(j, go, state.DeltaEnergy(j, go));
            else state.Move(j, go);
        }
    }

    [Fact]
    public void Move_PastTheTopLevel_Throws()
    {
        var problem = new LevelPerceptron(PerceptronGenerator.Random(5, 3, new Rng(1)), 2);
        var w = new LevelWeights(5, 2);
        w[0] = 2;
        ILevelState state = problem.CreateState(w, MoveEnergy.Errors);
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Move(0, up: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Move(1, up: false));
    }

    [Theory]
    [InlineData(31, 40)]
    [InlineData(30, 70)]
    [InlineData(1001, 300)]
    public void OneLevel_EqualsBinaryPerceptron_ErrorsEnergiesAndDeltas(int n, int p)
    {
        var rng = new Rng(7);
        Perceptron binary = PerceptronGenerator.Random(n, p, rng);
        var levels = new LevelPerceptron(binary, 1);
        // For even N the level hinge also charges zero fields (docs/algorithms.md), the binary hinge does not.
        MoveEnergy[] energies = n % 2 == 1 ? [MoveEnergy.Errors, MoveEnergy.Hinge(0), MoveEnergy.Hinge(4)] : [MoveEnergy.Errors];
        foreach (MoveEnergy energy in energies)
        {
            SpinVector spins = SpinVector.Random(n, rng);
            IFlipState b = binary.CreateState(spins, energy);
            ILevelState l = levels.CreateState(LevelWeights.FromSpins(spins), energy);
            for (int step = 0; step < 50; step++)
            {
                Assert.Equal(b.Energy, l.Energy);
                Assert.Equal(b.Errors, l.Errors);
                Assert.Equal(binary.Errors(b.Configuration), levels.Errors(l.Configuration));
                int j = rng.NextInt(n);
                bool up = b.Configuration[j] < 0;
                Assert.Equal(b.DeltaEnergy(j), l.DeltaEnergy(j, up));
                b.Flip(j);
                l.Move(j, up);
                Assert.Equal(b.Configuration[j], l.Configuration[j]);
            }
        }
    }

    [Theory]
    [InlineData(6, 4, 2)]
    [InlineData(7, 3, 2)]
    [InlineData(5, 3, 3)]
    [InlineData(9, 5, 1)]
    [InlineData(4, 2, 4)]
    public void CountSolutions_EqualsBruteForce(int n, int p, int levels)
    {
        var problem = new LevelPerceptron(PerceptronGenerator.Random(n, p, new Rng((ulong)(n + p + levels))), levels);
        long total = (long)Math.Pow(levels + 1, n), brute = 0;
        var w = new LevelWeights(n, levels);
        for (long c = 0; c < total; c++)
        {
            long rest = c;
            for (int i = 0; i < n; i++, rest /= levels + 1) w[i] = 2 * (int)(rest % (levels + 1)) - levels;
            if (ErrorsByDefinition(problem.Patterns, w) == 0) brute++;
        }
        Assert.Equal(brute, problem.CountSolutions());
    }

    [Fact]
    public void CountSolutions_OneLevel_EqualsBinaryEnumeration()
    {
        Perceptron binary = PerceptronGenerator.Random(13, 5, new Rng(3));
        var enumerator = new LocalEntropy.Landscape.SolutionEnumerator(binary, new LocalEntropy.Landscape.SolutionEnumeratorOptions { Threads = 1 });
        Assert.Equal(enumerator.Count().Value, new LevelPerceptron(binary, 1).CountSolutions());
    }

    [Fact]
    public void LevelWeights_RejectNonLevels()
    {
        var w = new LevelWeights(3, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => w[0] = 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => w[0] = 6);
        w[0] = -2;
        Assert.Equal(-0.5, w.Value(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LevelWeights(3, 0));
    }

    [Fact]
    public void Random_DrawsEveryLevelUniformly()
    {
        const int n = 60_000, levels = 3;
        var w = LevelWeights.Random(n, levels, new Rng(11));
        var counts = new int[levels + 1];
        for (int i = 0; i < n; i++) counts[(w[i] + levels) / 2]++;
        // Binomial sd ≈ sqrt(n·¼·¾) ≈ 106; 5 sd.
        foreach (int c in counts) Assert.InRange(c, n / 4 - 530, n / 4 + 530);
    }
}
