using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests;

public class PerceptronTests
{
    /// <summary>(N, P): odd and even N, P below, at and not a multiple of 64.</summary>
    public static TheoryData<int, int> Sizes => new()
    {
        { 1, 1 },
        { 2, 3 },
        { 11, 5 },
        { 64, 64 },
        { 65, 129 },
        { 100, 37 },
        { 101, 30 },
        { 1001, 701 },
        { 1000, 651 },
    };

    private static SpinVector Negated(SpinVector v)
    {
        SpinVector c = v.Clone();
        for (int i = 0; i < c.Length; i++) c.Flip(i);
        return c;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Errors_EqualsScalarReference(int n, int p)
    {
        var rng = new Rng((ulong)(7 * n + p));
        Perceptron problem = PerceptronGenerator.Random(n, p, rng);
        sbyte[][] rows = problem.SignedRows();
        Assert.Equal(p, rows.Length);
        for (int trial = 0; trial < 20; trial++)
        {
            var w = SpinVector.Random(n, rng);
            Assert.Equal(Perceptron.ErrorsScalar(rows, w.ToSpins()), problem.Errors(w));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Errors_EqualsCountFromLabelledPatternsDirectly(int n, int p)
    {
        // Independent of the absorbed rows: a pattern is wrong when σ (W·ξ) ≤ 0.
        var rng = new Rng((ulong)(3 * n + p));
        Perceptron problem = PerceptronGenerator.Random(n, p, rng);
        var w = SpinVector.Random(n, rng);
        int expected = Enumerable.Range(0, p).Count(mu => problem.Label(mu) * SpinKernels.DotScalar(w.ToSpins(), problem.Input(mu).ToSpins()) <= 0);
        Assert.Equal(expected, problem.Errors(w));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Fields_EqualScalarDotProducts(int n, int p)
    {
        var rng = new Rng((ulong)(5 * n + p));
        Perceptron problem = PerceptronGenerator.Random(n, p, rng);
        var fields = new int[p];
        for (int trial = 0; trial < 5; trial++)
        {
            var w = SpinVector.Random(n, rng);
            sbyte[] ws = w.ToSpins();
            problem.Fields(w, fields);
            for (int mu = 0; mu < p; mu++)
            {
                int expected = problem.Label(mu) * SpinKernels.DotScalar(ws, problem.Input(mu).ToSpins());
                Assert.Equal(expected, fields[mu]);
                Assert.Equal(n & 1, fields[mu] & 1);
            }
        }
    }

    [Fact]
    public void Errors_EvenN_CountsZeroFieldAsError()
    {
        // N = 2: the pattern (+1, −1) with label +1 has field 0 for W = (+1, +1).
        var problem = new Perceptron([SpinVector.FromSpins([1, -1])], [1]);
        var w = SpinVector.FromSpins([1, 1]);
        var fields = new int[1];
        problem.Fields(w, fields);
        Assert.Equal(0, fields[0]);
        Assert.Equal(1, problem.Errors(w));
        Assert.Equal(0, problem.Errors(SpinVector.FromSpins([1, -1])));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ColumnBitsAndColumns_MatchSignedInputs(int n, int p)
    {
        var rng = new Rng((ulong)(11 * n + p));
        Perceptron problem = PerceptronGenerator.Random(n, p, rng);
        sbyte[][] rows = problem.SignedRows();
        Assert.Equal(SpinKernels.WordCount(p), problem.PatternWords);
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<ulong> bits = problem.ColumnBits(j);
            ReadOnlySpan<sbyte> column = problem.Column(j);
            Assert.Equal(problem.PatternWords, bits.Length);
            for (int mu = 0; mu < p; mu++)
            {
                Assert.Equal(rows[mu][j] > 0, ((bits[mu >> 6] >> (mu & 63)) & 1) == 1);
                Assert.Equal(rows[mu][j], column[mu]);
            }
            // Padding patterns are neither +1 nor −1.
            Assert.Equal(0UL, bits[^1] & ~SpinKernels.TailMask(p));
            for (int mu = p; mu < column.Length; mu++) Assert.Equal(0, column[mu]);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void SignedRowAndDenseRow_MatchSignedInputs(int n, int p)
    {
        Perceptron problem = PerceptronGenerator.Random(n, p, new Rng((ulong)(13 * n + p)));
        for (int mu = 0; mu < p; mu++)
        {
            SpinVector x = problem.SignedInput(mu);
            Assert.True(problem.SignedRow(mu).SequenceEqual(x.Words));
            ReadOnlySpan<float> dense = problem.DenseRow(mu);
            for (int j = 0; j < n; j++) Assert.Equal(x[j], dense[j]);
            for (int j = n; j < dense.Length; j++) Assert.Equal(0f, dense[j]);
        }
    }

    [Fact]
    public void Labels_AreAbsorbedIntoSignedInputs()
    {
        var problem = new Perceptron([SpinVector.FromSpins([1, -1, 1]), SpinVector.FromSpins([1, 1, -1])], [-1, 1]);
        Assert.Equal([-1, 1, -1], problem.SignedInput(0).ToSpins().Select(s => (int)s));
        Assert.Equal([1, 1, -1], problem.SignedInput(1).ToSpins().Select(s => (int)s));
        Assert.Equal([1, -1, 1], problem.Input(0).ToSpins().Select(s => (int)s));
        Assert.Equal(-1, problem.Label(0));
        Assert.Equal(1, problem.Errors(SpinVector.FromSpins([1, 1, 1])));
        Assert.Equal(0, problem.Errors(SpinVector.FromSpins([-1, 1, -1])));
    }

    [Fact]
    public void Constructor_CopiesInputs()
    {
        var x = SpinVector.FromSpins([1, 1, 1]);
        var problem = new Perceptron([x], [1]);
        x.Flip(0);
        x.Flip(1);
        Assert.Equal(SpinVector.FromSpins([1, 1, 1]), problem.Input(0));
        Assert.Equal(0, problem.Errors(SpinVector.FromSpins([1, 1, 1])));
        problem.Input(0).Flip(2);
        Assert.Equal(SpinVector.FromSpins([1, 1, 1]), problem.Input(0));
    }

    [Theory]
    [InlineData(101)]
    [InlineData(100)]
    [InlineData(2)]
    public void TeacherStudent_TeacherHasZeroErrors_AndLabelsAreTeacherSigns(int n)
    {
        Perceptron problem = PerceptronGenerator.TeacherStudent(n, 3 * n, new Rng((ulong)n));
        SpinVector teacher = problem.Teacher!;
        Assert.Equal(0, problem.Errors(teacher));
        for (int mu = 0; mu < problem.P; mu++)
        {
            int h = teacher.Dot(problem.Input(mu));
            Assert.NotEqual(0, h);
            Assert.Equal(Math.Sign(h), problem.Label(mu));
        }
        // Flipping every weight violates every pattern.
        Assert.Equal(problem.P, problem.Errors(Negated(teacher)));
    }

    [Theory]
    [InlineData(101)]
    [InlineData(100)]
    public void GeneralizationError_IsZeroForTeacher_OneForNegatedTeacher_AndArccosInBetween(int n)
    {
        Perceptron problem = PerceptronGenerator.TeacherStudent(n, 50, new Rng(8));
        SpinVector teacher = problem.Teacher!;
        Assert.Equal(0.0, problem.GeneralizationError(teacher), 12);
        Assert.Equal(1.0, problem.GeneralizationError(Negated(teacher)), 12);
        // Flip a quarter of the weights: q = 1 − 2·(n/4)/n.
        SpinVector student = teacher.Clone();
        int flips = n / 4;
        for (int i = 0; i < flips; i++) student.Flip(i);
        double q = 1.0 - 2.0 * flips / n;
        Assert.Equal(Math.Acos(q) / Math.PI, problem.GeneralizationError(student), 12);
        // An orthogonal student (even n) is wrong half of the time.
        if (n % 2 == 0)
        {
            SpinVector orthogonal = teacher.Clone();
            for (int i = 0; i < n / 2; i++) orthogonal.Flip(i);
            Assert.Equal(0.5, problem.GeneralizationError(orthogonal), 12);
        }
    }

    [Fact]
    public void Teacher_IsACopy()
    {
        Perceptron problem = PerceptronGenerator.TeacherStudent(33, 20, new Rng(1));
        SpinVector t = problem.Teacher!;
        t.Flip(0);
        Assert.NotEqual(t, problem.Teacher);
        Assert.Equal(0, problem.Errors(problem.Teacher!));
    }

    [Fact]
    public void GeneralizationError_WithoutTeacher_Throws()
    {
        Perceptron problem = PerceptronGenerator.Random(11, 5, new Rng(1));
        Assert.Null(problem.Teacher);
        Assert.Throws<InvalidOperationException>(() => problem.GeneralizationError(new SpinVector(11)));
    }

    [Theory]
    [InlineData(1001, 0.7, 701)]
    [InlineData(1001, 0.65, 651)]
    [InlineData(1001, 0.75, 751)]
    [InlineData(1001, 0.3, 300)]
    [InlineData(101, 0.3, 30)]
    [InlineData(201, 0.8, 161)]
    [InlineData(10, 0.25, 3)]
    [InlineData(10, 0.35, 4)]
    [InlineData(5, 0.01, 1)]
    public void PatternCount_RoundsAlphaTimesN(int n, double alpha, int p) =>
        Assert.Equal(p, PerceptronGenerator.PatternCount(n, alpha));

    [Theory]
    [InlineData(45, 0.7, 32)]
    [InlineData(25, 0.58, 15)]
    [InlineData(50, 0.29, 15)]
    [InlineData(85, 0.7, 60)]
    public void PatternCount_ExactHalf_RoundsAwayFromZero_DespiteBinaryAlpha(int n, double alpha, int p)
    {
        // α·N is exactly k + ½ in decimal, but the double product lands a hair below it (e.g. 0.7·45 = 31.499999999999996).
        Assert.Equal(p, PerceptronGenerator.PatternCount(n, alpha));
    }

    [Theory]
    [InlineData(11, 0.0)]
    [InlineData(11, -0.5)]
    [InlineData(11, double.NaN)]
    [InlineData(11, double.PositiveInfinity)]
    [InlineData(0, 0.5)]
    public void PatternCount_RejectsBadArguments(int n, double alpha) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronGenerator.PatternCount(n, alpha));

    [Fact]
    public void Generators_RejectNonPositiveSizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronGenerator.Random(0, 5, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronGenerator.Random(5, 0, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronGenerator.TeacherStudent(5, 0, new Rng(1)));
    }

    [Fact]
    public void Constructor_RejectsZeroLabel()
    {
        var x = SpinVector.FromSpins([1, 1, -1]);
        var e = Assert.Throws<ArgumentException>(() => new Perceptron([x, x], [1, 0]));
        Assert.Contains("label 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Perceptron([x], [2]));
    }

    [Fact]
    public void Constructor_RejectsRaggedPatterns()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new Perceptron([SpinVector.FromSpins([1, 1, -1]), SpinVector.FromSpins([1, 1])], [1, 1]));
        Assert.Contains("pattern 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RejectsCountMismatchEmptyAndWrongTeacher()
    {
        var x = SpinVector.FromSpins([1, 1, -1]);
        Assert.Throws<ArgumentException>(() => new Perceptron([x], [1, 1]));
        Assert.Throws<ArgumentException>(() => new Perceptron([], []));
        Assert.Throws<ArgumentException>(() => new Perceptron([new SpinVector(0)], [1]));
        Assert.Throws<ArgumentException>(() => new Perceptron([x], [1], new SpinVector(4)));
        Assert.Throws<ArgumentNullException>(() => new Perceptron(null!, [1]));
    }

    [Fact]
    public void WrongWeightLength_Throws()
    {
        Perceptron problem = PerceptronGenerator.Random(11, 5, new Rng(2));
        Assert.Throws<ArgumentException>(() => problem.Errors(new SpinVector(12)));
        Assert.Throws<ArgumentException>(() => problem.Errors(new SpinVector(10)));
        Assert.Throws<ArgumentException>(() => problem.Fields(new SpinVector(10), new int[5]));
        Assert.Throws<ArgumentException>(() => problem.Fields(new SpinVector(11), new int[4]));
        Assert.Throws<ArgumentException>(() => problem.CreateState(new SpinVector(10), MoveEnergy.Errors));
        Assert.Throws<ArgumentNullException>(() => problem.Errors(null!));
    }

    [Fact]
    public void Properties_ReportSizes()
    {
        Perceptron problem = PerceptronGenerator.Random(101, 30, new Rng(3));
        Assert.Equal(101, problem.N);
        Assert.Equal(101, problem.Size);
        Assert.Equal(30, problem.P);
        Assert.Equal(30, problem.Constraints);
        Assert.Equal(30.0 / 101, problem.Alpha, 12);
    }

    [Fact]
    public void Generator_SameSeed_SameInstance_DifferentSeed_Different()
    {
        Perceptron a = PerceptronGenerator.Random(201, 100, new Rng(3));
        Perceptron b = PerceptronGenerator.Random(201, 100, new Rng(3));
        Perceptron c = PerceptronGenerator.Random(201, 100, new Rng(4));
        for (int mu = 0; mu < 100; mu++)
        {
            Assert.Equal(a.Input(mu), b.Input(mu));
            Assert.Equal(a.Label(mu), b.Label(mu));
        }
        Assert.NotEqual(a.Input(0), c.Input(0));
    }

    [Fact]
    public void Random_LabelsAreBalanced()
    {
        Perceptron problem = PerceptronGenerator.Random(3, 20_000, new Rng(5));
        int plus = Enumerable.Range(0, problem.P).Count(mu => problem.Label(mu) > 0);
        // Binomial(2e4, ½): σ ≈ 71; allow 5σ.
        Assert.InRange(plus, 10_000 - 355, 10_000 + 355);
    }
}
