using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests;

public class FieldEnergyTests
{
    public static TheoryData<MoveEnergy> Energies =>
        [MoveEnergy.Errors, MoveEnergy.Hinge(0), MoveEnergy.Hinge(1), MoveEnergy.Hinge(2), MoveEnergy.Hinge(4), MoveEnergy.Hinge(7)];

    private static int Steps(FieldEnergy e, int[] coefficients, int h) =>
        Enumerable.Range(0, e.Thresholds.Length).Sum(i => h <= e.Thresholds[i] ? coefficients[i] : 0);

    [Theory]
    [MemberData(nameof(Energies))]
    public void LevelSetDecomposition_MatchesFiniteDifferences(MoveEnergy energy)
    {
        var e = FieldEnergy.For(energy);
        for (int h = -30; h <= 30; h++)
        {
            Assert.Equal(e.Value(h - 2) - e.Value(h), Steps(e, e.DecCoefficients, h));
            Assert.Equal(e.Value(h + 2) - e.Value(h - 2), Steps(e, e.DiffCoefficients, h));
        }
        Assert.Equal(0, e.Thresholds[e.ErrorLevel]);
    }

    [Theory]
    [MemberData(nameof(Energies))]
    public void ParityDecomposition_MatchesOnFieldsOfThatParity(MoveEnergy energy)
    {
        foreach (int parity in new[] { 0, 1 })
        {
            var e = FieldEnergy.For(energy, parity);
            for (int h = parity == 0 ? -30 : -31; h <= 31; h += 2)
            {
                Assert.Equal(e.Value(h - 2) - e.Value(h), Steps(e, e.DecCoefficients, h));
                Assert.Equal(e.Value(h + 2) - e.Value(h - 2), Steps(e, e.DiffCoefficients, h));
                Assert.Equal(h <= 0, h <= e.Thresholds[e.ErrorLevel]);
            }
            Assert.True(e.Thresholds.Length <= FieldEnergy.For(energy).Thresholds.Length);
        }
    }

    [Fact]
    public void MoveEnergy_RejectsNegativeMargin() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MoveEnergy.Hinge(-1).Validate());
}

public class PerceptronTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(11, 5)]
    [InlineData(64, 64)]
    [InlineData(100, 37)]
    [InlineData(1001, 601)]
    public void Errors_EqualScalarReference(int n, int p)
    {
        var rng = new Rng(7);
        Perceptron problem = PerceptronGenerator.Random(n, p, rng);
        sbyte[][] rows = problem.SignedRows();
        var fields = new int[p];
        for (int trial = 0; trial < 10; trial++)
        {
            var w = SpinVector.Random(n, rng);
            Assert.Equal(Perceptron.ErrorsScalar(rows, w.ToSpins()), problem.Errors(w));
            problem.Fields(w, fields);
            for (int mu = 0; mu < p; mu++) Assert.Equal(SpinKernels.DotScalar(w.ToSpins(), rows[mu]), fields[mu]);
        }
    }

    [Fact]
    public void Labels_AreAbsorbedIntoSignedInputs()
    {
        var problem = new Perceptron([SpinVector.FromSpins([1, -1, 1])], [-1]);
        Assert.Equal([-1, 1, -1], problem.SignedInput(0).ToSpins().Select(s => (int)s));
        Assert.Equal(1, problem.Errors(SpinVector.FromSpins([1, 1, 1])));
        Assert.Equal(0, problem.Errors(SpinVector.FromSpins([-1, -1, -1])));
    }

    [Theory]
    [InlineData(101)]
    [InlineData(100)]
    public void TeacherStudent_TeacherIsASolution(int n)
    {
        Perceptron problem = PerceptronGenerator.TeacherStudent(n, 3 * n, new Rng(8));
        SpinVector teacher = problem.Teacher!;
        Assert.Equal(0, problem.Errors(teacher));
        Assert.Equal(0.0, problem.GeneralizationError(teacher), 12);
        var anti = teacher.Clone();
        for (int i = 0; i < n; i++) anti.Flip(i);
        Assert.Equal(1.0, problem.GeneralizationError(anti), 12);
        Assert.Equal(problem.P, problem.Errors(anti));
    }

    [Theory]
    [InlineData(1001, 0.7, 701)]
    [InlineData(1001, 0.65, 651)]
    [InlineData(1001, 0.75, 751)]
    [InlineData(10, 0.25, 3)]
    [InlineData(5, 0.01, 1)]
    public void PatternCount_RoundsAlphaN(int n, double alpha, int p) => Assert.Equal(p, PerceptronGenerator.PatternCount(n, alpha));

    [Fact]
    public void PatternCount_RejectsNonPositiveAlpha()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronGenerator.PatternCount(11, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronGenerator.PatternCount(11, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronGenerator.PatternCount(0, 0.5));
    }

    [Fact]
    public void Constructor_RejectsInconsistentInput()
    {
        var x = SpinVector.FromSpins([1, 1, -1]);
        Assert.Throws<ArgumentException>(() => new Perceptron([x], [0]));
        Assert.Throws<ArgumentException>(() => new Perceptron([x, SpinVector.FromSpins([1, 1])], [1, 1]));
        Assert.Throws<ArgumentException>(() => new Perceptron([x], [1, 1]));
        Assert.Throws<ArgumentException>(() => new Perceptron([], []));
        Assert.Throws<ArgumentException>(() => new Perceptron([x], [1]).Errors(new SpinVector(4)));
    }

    [Fact]
    public void Generator_SameSeed_SameInstance()
    {
        Perceptron a = PerceptronGenerator.Random(201, 100, new Rng(3));
        Perceptron b = PerceptronGenerator.Random(201, 100, new Rng(3));
        var w = SpinVector.Random(201, new Rng(4));
        for (int mu = 0; mu < 100; mu++)
        {
            Assert.Equal(a.Input(mu), b.Input(mu));
            Assert.Equal(a.Label(mu), b.Label(mu));
        }
        Assert.Equal(a.Errors(w), b.Errors(w));
    }
}

public class FlipStateTests
{
    public static TheoryData<int, int, MoveEnergy> Cases => new()
    {
        { 1001, 701, MoveEnergy.Hinge(0) },
        { 1001, 701, MoveEnergy.Errors },
        { 1001, 601, MoveEnergy.Hinge(4) },
        { 31, 20, MoveEnergy.Hinge(0) },
        { 30, 70, MoveEnergy.Errors },
        { 64, 130, MoveEnergy.Hinge(3) },
        { 7, 1, MoveEnergy.Hinge(2) },
    };

    private static long Recompute(Perceptron problem, SpinVector w, MoveEnergy energy)
    {
        var e = FieldEnergy.For(energy);
        var fields = new int[problem.P];
        problem.Fields(w, fields);
        return fields.Sum(h => (long)e.Value(h));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeltaEnergy_AfterRandomFlips_EqualsRecomputedEnergy(int n, int p, MoveEnergy energy)
    {
        var rng = new Rng((ulong)(n * 31 + p));
        Perceptron problem = PerceptronGenerator.Random(n, p, rng);
        IFlipState state = problem.CreateState(SpinVector.Random(n, rng), energy);
        long energyBefore = Recompute(problem, state.Configuration, energy);
        Assert.Equal(energyBefore, state.Energy);
        for (int step = 0; step < 3000; step++)
        {
            int j = rng.NextInt(n);
            int predicted = state.DeltaEnergy(j);
            state.Flip(j);
            long energyAfter = Recompute(problem, state.Configuration, energy);
            Assert.Equal(energyAfter - energyBefore, predicted);
            Assert.Equal(energyAfter, state.Energy);
            if (step % 50 == 0) Assert.Equal(problem.Errors(state.Configuration), state.Errors);
            energyBefore = energyAfter;
        }
        Assert.Equal(problem.Errors(state.Configuration), state.Errors);
    }

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector256")]
    [InlineData("Vector512")]
    public void UpdateKernels_AllAgreeWithRecomputation(string kernelName)
    {
        var kernel = Enum.Parse<PerceptronFlipState.UpdateKernel>(kernelName);
        if (kernel == PerceptronFlipState.UpdateKernel.Vector512 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return;
        var rng = new Rng(77);
        Perceptron problem = PerceptronGenerator.Random(333, 200, rng);
        var energy = MoveEnergy.Hinge(2);
        var state = new PerceptronFlipState(problem, FieldEnergy.For(energy, 1), SpinVector.Random(333, rng), kernel);
        for (int step = 0; step < 2000; step++)
        {
            int j = rng.NextInt(333);
            int predicted = state.DeltaEnergy(j);
            long before = state.Energy;
            state.Flip(j);
            Assert.Equal(Recompute(problem, state.Configuration, energy), state.Energy);
            Assert.Equal(before + predicted, state.Energy);
        }
        Assert.Equal(problem.Errors(state.Configuration), state.Errors);
    }

    [Fact]
    public void Reset_MovesToNewConfiguration_AndDoesNotAliasIt()
    {
        var rng = new Rng(12);
        Perceptron problem = PerceptronGenerator.Random(101, 70, rng);
        IFlipState state = problem.CreateState(SpinVector.Random(101, rng), MoveEnergy.Hinge(0));
        for (int k = 0; k < 100; k++) state.Flip(rng.NextInt(101));
        var w = SpinVector.Random(101, rng);
        state.Reset(w);
        Assert.Equal(w, state.Configuration);
        Assert.Equal(problem.Errors(w), state.Errors);
        Assert.Equal(Recompute(problem, w, MoveEnergy.Hinge(0)), state.Energy);
        state.Flip(0);
        Assert.NotEqual(w, state.Configuration);
    }

    [Fact]
    public void Errors_OfStateAtTeacher_IsZero()
    {
        Perceptron problem = PerceptronGenerator.TeacherStudent(201, 300, new Rng(5));
        IFlipState state = problem.CreateState(problem.Teacher!, MoveEnergy.Errors);
        Assert.Equal(0, state.Errors);
        Assert.Equal(0, state.Energy);
    }
}
