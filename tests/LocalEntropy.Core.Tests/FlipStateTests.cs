using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using Kernel = LocalEntropy.Problems.PerceptronFlipState.UpdateKernel;

namespace LocalEntropy.Core.Tests;

/// <summary>
/// The invariant every local-move solver stands on: the incremental state's ΔE, energy and error count agree with
/// a from-scratch recomputation through <see cref="Perceptron.Fields"/> after any sequence of flips.
/// </summary>
public class FlipStateTests
{
    public static TheoryData<MoveEnergy> Energies => [MoveEnergy.Errors, MoveEnergy.Hinge(0), MoveEnergy.Hinge(4)];

    /// <summary>(N, P): the production size, small odd and even N, P below, above and not a multiple of 64.</summary>
    private static readonly (int N, int P)[] Sizes = [(1001, 701), (31, 20), (30, 70), (64, 130), (65, 129), (100, 37), (7, 1), (2, 5)];

    public static TheoryData<int, int, MoveEnergy> Cases
    {
        get
        {
            var data = new TheoryData<int, int, MoveEnergy>();
            foreach ((int n, int p) in Sizes)
            {
                foreach (MoveEnergy e in new[] { MoveEnergy.Errors, MoveEnergy.Hinge(0), MoveEnergy.Hinge(4) }) data.Add(n, p, e);
            }
            return data;
        }
    }

    public static TheoryData<string, MoveEnergy> KernelCases
    {
        get
        {
            var data = new TheoryData<string, MoveEnergy>();
            foreach (string k in new[] { nameof(Kernel.Scalar), nameof(Kernel.Vector256), nameof(Kernel.Vector512), nameof(Kernel.Vector512Narrow), nameof(Kernel.Auto) })
            {
                foreach (MoveEnergy e in new[] { MoveEnergy.Errors, MoveEnergy.Hinge(0), MoveEnergy.Hinge(1), MoveEnergy.Hinge(4) }) data.Add(k, e);
            }
            return data;
        }
    }

    /// <summary>Σ_μ f(h^μ) with f taken from the definition in ALGORITHMS.md §1.1 (not from FieldEnergy).</summary>
    private static long Recompute(Perceptron problem, SpinVector w, MoveEnergy energy)
    {
        var fields = new int[problem.P];
        problem.Fields(w, fields);
        long sum = 0;
        foreach (int h in fields) sum += energy.Kind == MoveEnergyKind.Errors ? (h <= 0 ? 1 : 0) : Math.Max(0, energy.Margin - h);
        return sum;
    }

    /// <summary>
    /// Runs <paramref name="steps"/> flips, checking ΔE, energy and errors at every step. With
    /// <paramref name="descend"/> the walk prefers downhill moves, so fields pile up around the thresholds.
    /// </summary>
    private static void CheckWalk(Perceptron problem, IFlipState state, MoveEnergy energy, Rng rng, int steps, bool descend)
    {
        int n = problem.N;
        long before = Recompute(problem, state.Configuration, energy);
        Assert.Equal(before, state.Energy);
        Assert.Equal(problem.Errors(state.Configuration), state.Errors);
        int checkedFlips = 0;
        for (int step = 0; step < steps; step++)
        {
            int j = rng.NextInt(n);
            int predicted = state.DeltaEnergy(j);
            // A proposal must not change anything.
            Assert.Equal(before, state.Energy);
            if (descend && predicted > 0 && rng.NextDouble() >= 0.05) continue;
            SpinVector expectedConfig = state.Configuration.Clone();
            expectedConfig.Flip(j);
            // Half the flips hand over the ΔE just computed, as the solvers do.
            if ((step & 1) == 0) state.Flip(j, predicted);
            else state.Flip(j);
            checkedFlips++;
            Assert.Equal(expectedConfig, state.Configuration);
            long after = Recompute(problem, state.Configuration, energy);
            Assert.True(after - before == predicted, $"step {step}, flip {j}: predicted ΔE {predicted}, recomputed {after - before}");
            Assert.Equal(after, state.Energy);
            Assert.Equal(problem.Errors(state.Configuration), state.Errors);
            before = after;
        }
        Assert.True(checkedFlips > steps / 20, $"only {checkedFlips} flips were checked");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeltaEnergy_AfterRandomFlips_EqualsRecomputedEnergy(int n, int p, MoveEnergy energy)
    {
        var rng = new Rng((ulong)(n * 31 + p));
        Perceptron problem = PerceptronGenerator.Random(n, p, rng);
        IFlipState state = problem.CreateState(SpinVector.Random(n, rng), energy);
        CheckWalk(problem, state, energy, rng, 3000, descend: false);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeltaEnergy_AlongDescent_EqualsRecomputedEnergy(int n, int p, MoveEnergy energy)
    {
        var rng = new Rng((ulong)(n * 37 + p));
        Perceptron problem = PerceptronGenerator.Random(n, p, rng);
        IFlipState state = problem.CreateState(SpinVector.Random(n, rng), energy);
        CheckWalk(problem, state, energy, rng, 6000, descend: true);
    }

    [Theory]
    [MemberData(nameof(Energies))]
    public void DeltaEnergy_NearTeacher_EqualsRecomputedEnergy(MoveEnergy energy)
    {
        // Starting at a solution of an over-determined teacher-student instance keeps many fields at the thresholds.
        var rng = new Rng(21);
        Perceptron problem = PerceptronGenerator.TeacherStudent(101, 300, rng);
        IFlipState state = problem.CreateState(problem.Teacher!, energy);
        Assert.Equal(0, state.Errors);
        CheckWalk(problem, state, energy, rng, 2000, descend: true);
    }

    [Theory]
    [MemberData(nameof(KernelCases))]
    public void UpdateKernel_AfterRandomFlips_AgreesWithRecomputation(string kernelName, MoveEnergy energy)
    {
        // Every kernel is exercised whether or not the hardware accelerates it (the vector types then run in software).
        var kernel = Enum.Parse<Kernel>(kernelName);
        foreach ((int n, int p) in new[] { (333, 200), (64, 64), (100, 129), (1001, 701) })
        {
            var rng = new Rng((ulong)(77 + n + p));
            Perceptron problem = PerceptronGenerator.Random(n, p, rng);
            var state = new PerceptronFlipState(problem, FieldEnergy.For(energy, n & 1), SpinVector.Random(n, rng), kernel);
            CheckWalk(problem, state, energy, rng, 1500, descend: true);
        }
    }

    [Fact]
    public void UpdateKernels_SameFlips_GiveIdenticalStates()
    {
        var rng = new Rng(78);
        Perceptron problem = PerceptronGenerator.Random(257, 300, rng);
        var start = SpinVector.Random(257, rng);
        var energy = FieldEnergy.For(MoveEnergy.Hinge(2), 1);
        PerceptronFlipState[] states =
            [.. new[] { Kernel.Scalar, Kernel.Vector256, Kernel.Vector512, Kernel.Vector512Narrow }.Select(k => new PerceptronFlipState(problem, energy, start, k))];
        for (int step = 0; step < 2000; step++)
        {
            int j = rng.NextInt(257);
            int d = states[0].DeltaEnergy(j);
            foreach (PerceptronFlipState s in states) Assert.Equal(d, s.DeltaEnergy(j));
            foreach (PerceptronFlipState s in states) s.Flip(j);
            foreach (PerceptronFlipState s in states)
            {
                Assert.Equal(states[0].Energy, s.Energy);
                Assert.Equal(states[0].Errors, s.Errors);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Energies))]
    public void Reset_AfterFlips_MatchesFreshState(MoveEnergy energy)
    {
        var rng = new Rng(12);
        Perceptron problem = PerceptronGenerator.Random(101, 70, rng);
        IFlipState state = problem.CreateState(SpinVector.Random(101, rng), energy);
        for (int k = 0; k < 500; k++) state.Flip(rng.NextInt(101));
        var w = SpinVector.Random(101, rng);
        state.Reset(w);
        IFlipState fresh = problem.CreateState(w, energy);
        Assert.Equal(w, state.Configuration);
        Assert.Equal(problem.Errors(w), state.Errors);
        Assert.Equal(Recompute(problem, w, energy), state.Energy);
        for (int j = 0; j < 101; j++) Assert.Equal(fresh.DeltaEnergy(j), state.DeltaEnergy(j));
        // And the state keeps working after the reset.
        CheckWalk(problem, state, energy, rng, 500, descend: false);
    }

    [Fact]
    public void Reset_DoesNotAliasItsArgument()
    {
        var rng = new Rng(13);
        Perceptron problem = PerceptronGenerator.Random(101, 70, rng);
        IFlipState state = problem.CreateState(SpinVector.Random(101, rng), MoveEnergy.Hinge(0));
        var w = SpinVector.Random(101, rng);
        state.Reset(w);
        state.Flip(0);
        Assert.NotEqual(w, state.Configuration);
        w.Flip(5);
        Assert.Equal(-w[5], state.Configuration[5]);
    }

    [Fact]
    public void CreateState_CopiesStart()
    {
        var rng = new Rng(14);
        Perceptron problem = PerceptronGenerator.Random(101, 70, rng);
        var start = SpinVector.Random(101, rng);
        SpinVector copy = start.Clone();
        IFlipState state = problem.CreateState(start, MoveEnergy.Errors);
        start.Flip(3);
        Assert.Equal(copy, state.Configuration);
        Assert.Equal(problem.Errors(copy), state.Errors);
        state.Flip(7);
        Assert.Equal(copy[7], start[7]);
    }

    [Fact]
    public void Reset_WrongLength_Throws()
    {
        Perceptron problem = PerceptronGenerator.Random(101, 70, new Rng(15));
        IFlipState state = problem.CreateState(new SpinVector(101), MoveEnergy.Errors);
        Assert.ThrowsAny<ArgumentException>(() => state.Reset(new SpinVector(100)));
    }

    [Fact]
    public void StateAtTeacher_HasZeroErrorsAndZeroErrorEnergy()
    {
        Perceptron problem = PerceptronGenerator.TeacherStudent(201, 300, new Rng(5));
        IFlipState state = problem.CreateState(problem.Teacher!, MoveEnergy.Errors);
        Assert.Equal(0, state.Errors);
        Assert.Equal(0, state.Energy);
    }

    [Fact]
    public void CreateState_RejectsInvalidEnergy()
    {
        Perceptron problem = PerceptronGenerator.Random(11, 5, new Rng(16));
        Assert.Throws<ArgumentOutOfRangeException>(() => problem.CreateState(new SpinVector(11), MoveEnergy.Hinge(-1)));
    }

    [Theory]
    [InlineData(32765, true)]
    [InlineData(32766, false)]
    public void FitsNarrow_UpToOneStepBelowTheShortRange(long bound, bool fits)
    {
        var energy = FieldEnergy.For(MoveEnergy.Hinge(0), 1);
        Assert.Equal(fits, PerceptronFieldState.FitsNarrow(bound, energy));
        Perceptron problem = PerceptronGenerator.Random((int)bound, 3, new Rng(5));
        var start = SpinVector.Random((int)bound, new Rng(6));
        if (fits) Assert.Equal(start, new PerceptronFlipState(problem, energy, start, Kernel.Vector512Narrow).Configuration);
        else Assert.Throws<ArgumentOutOfRangeException>(() => new PerceptronFlipState(problem, energy, start, Kernel.Vector512Narrow));
    }

    [Fact]
    public void NarrowKernel_FieldsAtTheEdgeOfTheShortRange_AgreeWithTheWideKernel()
    {
        // Patterns equal to ±w put fields at ±N = ±32765, the most a short-field state admits.
        const int n = 32765, p = 70;
        var rng = new Rng(31);
        var w = SpinVector.Random(n, rng);
        var inputs = new List<SpinVector>();
        var minus = w.Clone();
        for (int j = 0; j < n; j++) minus.Flip(j);
        inputs.Add(w.Clone());
        inputs.Add(minus);
        for (int mu = 2; mu < p; mu++) inputs.Add(SpinVector.Random(n, rng));
        var problem = new Perceptron(inputs, [.. Enumerable.Repeat(1, p)]);
        var energy = FieldEnergy.For(MoveEnergy.Hinge(3), 1);
        var narrow = new PerceptronFlipState(problem, energy, w, Kernel.Vector512Narrow);
        var wide = new PerceptronFlipState(problem, energy, w, Kernel.Vector512);
        for (int step = 0; step < 3000; step++)
        {
            // Flip the first 40 sites back and forth so the extreme fields stay near ±N.
            int j = rng.NextInt(40);
            Assert.Equal(wide.DeltaEnergy(j), narrow.DeltaEnergy(j));
            wide.Flip(j);
            narrow.Flip(j, narrow.DeltaEnergy(j));
            Assert.Equal(wide.Energy, narrow.Energy);
            Assert.Equal(wide.Errors, narrow.Errors);
        }
        Assert.Equal(Recompute(problem, narrow.Configuration, MoveEnergy.Hinge(3)), narrow.Energy);
        Assert.Equal(problem.Errors(narrow.Configuration), narrow.Errors);
    }

    [Fact]
    public void NarrowSpread_WithAndWithoutAvx512BW_Agree()
    {
        var rng = new Rng(44);
        foreach (ulong bits in new[] { 0UL, ulong.MaxValue, 0x8000_0001_8000_0001UL }.Concat(Enumerable.Range(0, 200).Select(_ => rng.NextULong())))
        {
            foreach (var index in new[] { PerceptronFieldState.NarrowMove.LowHalves, PerceptronFieldState.NarrowMove.HighHalves })
            {
                var portable = PerceptronFieldState.NarrowMove.SpreadPortable(bits, index);
                Assert.Equal(portable, PerceptronFieldState.NarrowMove.Spread(bits, index));
                // Lane m of the first half holds quarter index[0], of the second half quarter index[31].
                Assert.Equal((short)(bits >> (16 * index[0])), portable[0]);
                Assert.Equal((short)(bits >> (16 * index[31])), portable[31]);
            }
        }
    }
}
