using System.CommandLine;
using LocalEntropy.Experiments;
using LocalEntropy.IO;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// Where a verb gets its instance: a pattern file, or a random instance generated in memory from --n, --alpha,
/// --teacher and --seed (the same instance `lent generate` writes for those values).
/// </summary>
internal sealed class ProblemSource
{
    public Option<FileInfo> Patterns { get; } = CommonOptions.ExistingFile("--patterns", "pattern file to read (see docs/cli.md)");
    public Option<int> N { get; } = CommonOptions.PositiveInt("--n", "number of inputs N of a generated instance (odd N avoids zero fields)");
    public Option<double> Alpha { get; } = CommonOptions.PositiveDouble("--alpha", "load α = P/N of a generated instance");
    public Option<bool> Teacher { get; } = new("--teacher") { Description = "generate a teacher-student instance instead of random labels" };
    public Option<string?> Kind { get; } = CreateKind();
    public Option<int?> HiddenUnits { get; } = CommonOptions.HiddenUnits("committee machine with K hidden units (odd; --n is then the inputs per unit and α = P/(N·K))");
    public Option<bool> Tree { get; } = CommonOptions.Tree();

    public void AddTo(Command command)
    {
        command.Options.Add(Patterns);
        command.Options.Add(N);
        command.Options.Add(Alpha);
        command.Options.Add(Teacher);
        command.Options.Add(Kind);
        command.Options.Add(HiddenUnits);
        command.Options.Add(Tree);
    }

    /// <summary>
    /// The committee machine asked for with --k (or --problem committee), read or generated like <see cref="Load"/>;
    /// null for the perceptron.
    /// </summary>
    public CommitteeMachine? LoadCommittee(ParseResult parsed, ulong seed)
    {
        string? kind = parsed.GetValue(Kind);
        if (kind == "committee" && parsed.GetValue(HiddenUnits) is null)
            throw new UsageException("--problem committee needs --k K, the number of hidden units");
        if (CommonOptions.CommitteeUnits(parsed.GetValue(HiddenUnits), parsed.GetValue(Tree)) is not int k) return null;
        if (kind == "perceptron") throw new UsageException("--k is for --problem committee");
        if (parsed.GetValue(Teacher)) throw new UsageException("--teacher is for the perceptron; committee instances have random labels");
        bool tree = parsed.GetValue(Tree);
        if (PatternFileOrNull(parsed) is { } file) return PatternFile.ReadCommittee(file.ToString(), k, tree);
        int n = parsed.GetValue(N);
        if (n % 2 == 0) throw new UsageException($"--n must be odd for a committee machine (no zero hidden fields), got {n}");
        return GenerateCommittee(n, k, parsed.GetValue(Alpha), tree, seed);
    }

    /// <summary>Reads or generates the instance; <paramref name="seed"/> seeds generation.</summary>
    public Perceptron Load(ParseResult parsed, ulong seed) =>
        PatternFileOrNull(parsed) is { } file
            ? PatternFile.Read(file.ToString())
            : Generate(parsed.GetValue(N), parsed.GetValue(Alpha), parsed.GetValue(Teacher), seed);

    /// <summary>The pattern file to read, or null when --n and --alpha ask for a generated instance; mixing both is an error.</summary>
    private FileInfo? PatternFileOrNull(ParseResult parsed)
    {
        FileInfo? file = parsed.GetValue(Patterns);
        bool hasN = parsed.GetResult(N) is { Implicit: false };
        bool hasAlpha = parsed.GetResult(Alpha) is { Implicit: false };
        if (file is not null)
        {
            if (hasN || hasAlpha || parsed.GetValue(Teacher))
                throw new UsageException("give either --patterns FILE or --n/--alpha/--teacher, not both");
            return file;
        }
        if (!hasN || !hasAlpha) throw new UsageException("give --patterns FILE, or --n N and --alpha A to generate an instance");
        return null;
    }

    private static Option<string?> CreateKind()
    {
        var kind = new Option<string?>("--problem") { Description = "perceptron or committee (default: committee when --k is given, else perceptron)" };
        kind.AcceptOnlyFromAmong("perceptron", "committee");
        return kind;
    }

    /// <summary>The committee machine for (N, K, α, tree, seed); generation uses stream 0 of the seed.</summary>
    public static CommitteeMachine GenerateCommittee(int n, int k, double alpha, bool tree, ulong seed) =>
        CommitteeGenerator.Random(n, k, CommitteeGenerator.PatternCount(n, k, alpha), tree, new Rng(seed).Fork(0));

    /// <summary>The instance for (N, α, teacher, seed); generation uses stream 0 of the seed.</summary>
    public static Perceptron Generate(int n, double alpha, bool teacher, ulong seed) =>
        (Perceptron)new InstanceSpec(ProblemKind.Perceptron, n, 1, alpha, teacher, seed).Generate();
}
