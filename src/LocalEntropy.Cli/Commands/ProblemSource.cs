using System.CommandLine;
using LocalEntropy.Experiments;
using LocalEntropy.IO;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// Where a verb gets its instance: a pattern file, or a random instance generated in memory from --n, --alpha,
/// --teacher and --seed (the same instance `lent generate` writes for those values). Verbs that take K-SAT formulas
/// too (<paramref name="formulas"/>) also read --cnf FILE and generate with --problem ksat.
/// </summary>
internal sealed class ProblemSource(bool formulas = false)
{
    public Option<FileInfo> Patterns { get; } = CommonOptions.ExistingFile("--patterns", "pattern file to read (see docs/cli.md)");
    public Option<int> N { get; } = CommonOptions.PositiveInt("--n", "number of inputs N of a generated instance (odd N avoids zero fields)");
    public Option<double> Alpha { get; } = CommonOptions.PositiveDouble("--alpha", "load α = P/N of a generated instance");
    public Option<bool> Teacher { get; } = new("--teacher") { Description = "generate a teacher-student instance instead of random labels" };
    public Option<string?> Kind { get; } = CreateKind(formulas);
    public Option<int?> HiddenUnits { get; } = CommonOptions.HiddenUnits(formulas
        ? "committee machine with K hidden units (odd; --n is then the inputs per unit and α = P/(N·K)); with --problem ksat, the clause length (default 3)"
        : "committee machine with K hidden units (odd; --n is then the inputs per unit and α = P/(N·K))");
    public Option<bool> Tree { get; } = CommonOptions.Tree();
    public Option<FileInfo>? Cnf { get; } = formulas ? CommonOptions.ExistingFile("--cnf", "K-SAT formula to read, DIMACS CNF (see docs/cli.md)") : null;

    /// <summary>--levels: added by the verbs that take multi-level weights (<see cref="AddLevelsTo"/>).</summary>
    public Option<int?> Levels { get; } = CommonOptions.Levels();

    private bool _levels;

    /// <summary>Also offers --levels L (multi-level weights on the perceptron's patterns).</summary>
    public void AddLevelsTo(Command command)
    {
        command.Options.Add(Levels);
        _levels = true;
    }

    /// <summary>
    /// The multi-level perceptron asked for by --levels L or by the `# levels: L` line of the pattern file; null for
    /// binary weights. --levels goes with the perceptron only, without --teacher (the teacher is binary).
    /// </summary>
    public LevelPerceptron? LoadLevels(ParseResult parsed, ulong seed)
    {
        if (!_levels) return null;
        FileInfo? file = parsed.GetValue(HiddenUnits) is null ? parsed.GetValue(Patterns) : null;
        if (ResolveLevels(parsed.GetValue(Levels), file?.ToString()) is not int levels) return null;
        if (parsed.GetValue(HiddenUnits) is not null || parsed.GetValue(Kind) is "committee" or "ksat" || (Cnf is not null && parsed.GetValue(Cnf) is not null))
            throw new UsageException("--levels is for the perceptron (not with --k, --cnf or --problem committee/ksat)");
        if (parsed.GetValue(Teacher)) throw new UsageException("--levels does not go with --teacher (the teacher has binary weights)");
        return new LevelPerceptron(Load(parsed, seed), levels);
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Patterns);
        command.Options.Add(N);
        command.Options.Add(Alpha);
        command.Options.Add(Teacher);
        command.Options.Add(Kind);
        command.Options.Add(HiddenUnits);
        command.Options.Add(Tree);
        if (Cnf is not null) command.Options.Add(Cnf);
    }

    /// <summary>
    /// The instance asked for: a K-SAT formula (--cnf FILE, or --problem ksat), a committee machine (--k, or
    /// --problem committee) or a perceptron, read or generated; <paramref name="seed"/> seeds generation.
    /// </summary>
    public IFlipProblem LoadAny(ParseResult parsed, ulong seed) =>
        Cnf is not null && (parsed.GetValue(Cnf) is not null || parsed.GetValue(Kind) == "ksat")
            ? LoadFormula(parsed, seed)
            : (IFlipProblem?)LoadCommittee(parsed, seed) ?? Load(parsed, seed);

    private KSat LoadFormula(ParseResult parsed, ulong seed)
    {
        if (parsed.GetValue(Kind) is "perceptron" or "committee")
            throw new UsageException($"--cnf reads a K-SAT formula; it does not go with --problem {parsed.GetValue(Kind)}");
        if (parsed.GetValue(Patterns) is not null) throw new UsageException("give either --cnf FILE or --patterns FILE, not both");
        if (parsed.GetValue(Teacher) || parsed.GetValue(Tree)) throw new UsageException("--teacher and --tree are not for K-SAT formulas");
        bool generated = parsed.GetResult(N) is { Implicit: false } || parsed.GetResult(Alpha) is { Implicit: false } || parsed.GetValue(HiddenUnits) is not null;
        if (parsed.GetValue(Cnf!) is { } file)
        {
            return generated
                ? throw new UsageException("give either --cnf FILE or --n/--alpha/--k to generate a formula, not both")
                : DimacsFile.Read(file.ToString());
        }
        if (parsed.GetResult(N) is not { Implicit: false } || parsed.GetResult(Alpha) is not { Implicit: false })
            throw new UsageException("--problem ksat needs --cnf FILE, or --n N and --alpha A (and --k K, default 3) to generate a formula");
        int n = parsed.GetValue(N), k = parsed.GetValue(HiddenUnits) ?? 3;
        if (k < 1 || k > n) throw new UsageException($"--k, the clause length, must be between 1 and N = {n}, got {k}");
        return GenerateFormula(n, k, parsed.GetValue(Alpha), seed);
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

    /// <summary>L from --levels and the `# levels: L` line of the pattern file (null: binary); a disagreement is a usage error.</summary>
    public static int? ResolveLevels(int? asked, string? patternFile)
    {
        int? tagged = patternFile is null ? null : PatternFile.ReadLevels(patternFile);
        if (asked is int a && tagged is int t && a != t) throw new UsageException($"--levels {a}, but {patternFile} records levels {t}");
        return asked ?? tagged;
    }

    private static Option<string?> CreateKind(bool formulas)
    {
        var kind = new Option<string?>("--problem")
        {
            Description = formulas
                ? "perceptron, committee or ksat (default: ksat with --cnf, committee with --k, else perceptron)"
                : "perceptron or committee (default: committee when --k is given, else perceptron)",
        };
        kind.AcceptOnlyFromAmong(formulas ? ["perceptron", "committee", "ksat"] : ["perceptron", "committee"]);
        return kind;
    }

    /// <summary>The random formula for (N, K, α, seed); generation uses stream 0 of the seed.</summary>
    public static KSat GenerateFormula(int n, int k, double alpha, ulong seed) =>
        (KSat)new InstanceSpec(ProblemKind.KSat, n, k, alpha, false, seed).Generate();

    /// <summary>The committee machine for (N, K, α, tree, seed); generation uses stream 0 of the seed.</summary>
    public static CommitteeMachine GenerateCommittee(int n, int k, double alpha, bool tree, ulong seed) =>
        CommitteeGenerator.Random(n, k, CommitteeGenerator.PatternCount(n, k, alpha), tree, new Rng(seed).Fork(0));

    /// <summary>The instance for (N, α, teacher, seed); generation uses stream 0 of the seed.</summary>
    public static Perceptron Generate(int n, double alpha, bool teacher, ulong seed) =>
        (Perceptron)new InstanceSpec(ProblemKind.Perceptron, n, 1, alpha, teacher, seed).Generate();
}
