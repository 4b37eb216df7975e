using System.Globalization;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Experiments;

/// <summary>The kinds of generated instance a sweep runs on.</summary>
public enum ProblemKind
{
    /// <summary>The binary perceptron (random labels, or a teacher's).</summary>
    Perceptron,

    /// <summary>The fully connected binary committee machine with K hidden units and random labels.</summary>
    Committee,
}

/// <summary>
/// A generated instance: what `lent generate` makes from (problem, N, K, α, teacher, seed). Stream 0 of the seed
/// generates it; the solver draws from stream 1.
/// </summary>
public sealed record InstanceSpec(ProblemKind Problem, int N, int K, double Alpha, bool Teacher, ulong Seed)
{
    /// <summary>Generates the instance (the same one `lent generate` writes), from stream 0 of the seed.</summary>
    public IFlipProblem Generate()
    {
        Rng rng = new Rng(Seed).Fork(0);
        if (Problem == ProblemKind.Committee) return CommitteeGenerator.Random(N, K, CommitteeGenerator.PatternCount(N, K, Alpha), tree: false, rng);
        int p = PerceptronGenerator.PatternCount(N, Alpha);
        return Teacher ? PerceptronGenerator.TeacherStudent(N, p, rng) : PerceptronGenerator.Random(N, p, rng);
    }

    /// <summary>The problem's name as on the command line.</summary>
    public string ProblemName => Problem == ProblemKind.Committee ? "committee" : "perceptron";

    /// <summary>The `lent generate` command that writes this instance.</summary>
    public string GenerateCommand => "lent generate " + ProblemName + " " + Arguments;

    /// <summary>The options that name this instance to `lent generate` and `lent solve` (without the verb).</summary>
    public string Arguments => string.Create(CultureInfo.InvariantCulture,
        $"--n {N}{(Problem == ProblemKind.Committee ? $" --k {K}" : "")} --alpha {Alpha:R}{(Teacher ? " --teacher" : "")} --seed {Seed}");
}
