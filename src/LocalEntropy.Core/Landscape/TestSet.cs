using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Landscape;

/// <summary>How well one student generalizes.</summary>
/// <param name="TestError">Fraction of the test patterns it misclassifies.</param>
/// <param name="ExactError">Its exact generalization error for ±1 inputs (<see cref="StudentError.Exact(int, int)"/>), which the test error estimates.</param>
/// <param name="ArccosError">arccos(q)/π, the large-N formula.</param>
/// <param name="Overlap">q = W·W*/N, the overlap with the teacher.</param>
public sealed record StudentGeneralization(double TestError, double ExactError, double ArccosError, double Overlap);

/// <summary>
/// Fresh patterns labelled by the teacher of a teacher-student instance (ALGORITHMS.md §1.1, §4), on which students
/// are scored: a student's test error is the fraction it misclassifies. The patterns come from the generator the
/// caller passes, which must not be the instance's own stream (the command line uses stream 3 of the instance seed;
/// stream 0 made the instance and stream 1 runs the solvers). N must be odd, so that no student has a zero field and
/// every prediction is ±1.
/// </summary>
public sealed class TestSet
{
    private readonly Perceptron _patterns;

    private TestSet(Perceptron patterns) => _patterns = patterns;

    /// <summary><paramref name="count"/> uniform patterns labelled by the teacher of <paramref name="instance"/>.</summary>
    public static TestSet Draw(Perceptron instance, int count, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(instance);
        SpinVector teacher = instance.Teacher ?? throw new ArgumentException("the instance has no known teacher", nameof(instance));
        if (instance.N % 2 == 0) throw new ArgumentException($"N = {instance.N} is even: a student's field can be 0; use odd N", nameof(instance));
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new TestSet(PerceptronGenerator.TeacherStudent(teacher, count, rng));
    }

    /// <summary>Number of test patterns.</summary>
    public int Count => _patterns.P;

    /// <summary>Number of inputs.</summary>
    public int N => _patterns.N;

    /// <summary>A copy of the teacher that labels the patterns.</summary>
    public SpinVector Teacher => _patterns.Teacher!;

    /// <summary>Fraction of the test patterns <paramref name="student"/> misclassifies (one packed pass over them).</summary>
    public double Error(SpinVector student) => (double)_patterns.Errors(student) / Count;

    /// <summary>The test error of <paramref name="student"/> with its exact and large-N generalization errors.</summary>
    public StudentGeneralization Measure(SpinVector student)
    {
        ArgumentNullException.ThrowIfNull(student);
        SpinVector teacher = Teacher;
        double overlap = (double)student.Dot(teacher) / N;
        return new StudentGeneralization(Error(student), StudentError.Exact(student, teacher), StudentError.Arccos(overlap), overlap);
    }

    /// <summary>
    /// x^ν = σ^ν ξ^ν of every test pattern packed like <see cref="SolutionSet"/> (synapse s at bit N − 1 − s), so that a
    /// packed solution w misclassifies pattern ν exactly when popcount(w XOR x^ν) &gt; N/2. Needs N ≤ 64.
    /// </summary>
    internal ulong[] PackedLikeSolutions() => [.. Enumerable.Range(0, Count).Select(nu => SolutionSet.Pack(_patterns.SignedInput(nu)))];
}
