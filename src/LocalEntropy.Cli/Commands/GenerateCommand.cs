using System.CommandLine;
using System.Globalization;
using LocalEntropy.IO;
using LocalEntropy.Problems;

namespace LocalEntropy.Cli.Commands;

/// <summary>`lent generate perceptron`: writes a random or teacher-student pattern file.</summary>
internal static class GenerateCommand
{
    public static Command Build()
    {
        var generate = new Command("generate", "write a random problem instance to a file");
        var perceptron = new Command("perceptron", "binary perceptron: P = round(αN) patterns with random or teacher labels");
        var n = CommonOptions.PositiveInt("--n", "number of inputs N (odd N avoids zero fields)");
        n.Required = true;
        var alpha = CommonOptions.PositiveDouble("--alpha", "load α = P/N");
        alpha.Required = true;
        var teacher = new Option<bool>("--teacher") { Description = "labels from a random teacher (stored in the file as a comment)" };
        var seed = CommonOptions.Seed();
        var output = new Option<FileInfo>("--out") { Description = "pattern file to write", Required = true };
        var levels = CommonOptions.Levels("the weights are to take L+1 levels in [-1, 1]: recorded as a '# levels: L' line that solve, energy and count read");
        foreach (Option o in new Option[] { n, alpha, teacher, seed, levels, output }) perceptron.Options.Add(o);
        perceptron.SetAction(parsed =>
        {
            ulong s = parsed.GetValue(seed);
            bool t = parsed.GetValue(teacher);
            int? l = parsed.GetValue(levels);
            if (l is not null && t) throw new UsageException("--levels does not go with --teacher (the teacher has binary weights)");
            Perceptron problem = ProblemSource.Generate(parsed.GetValue(n), parsed.GetValue(alpha), t, s);
            string path = parsed.GetValue(output)!.FullName;
            string header = string.Create(CultureInfo.InvariantCulture,
                $"lent perceptron n={problem.N} p={problem.P} alpha={problem.Alpha:G6} seed={s} labels={(t ? "teacher" : "random")}");
            AtomicFile.Write(path, w => PatternFile.Write(problem, w, [header, "format: label then N inputs per line, values -1/1"], l));
            Console.Error.WriteLine($"wrote {path}: N = {problem.N}, P = {problem.P}");
            return LentApp.Ok;
        });
        generate.Subcommands.Add(perceptron);
        generate.Subcommands.Add(BuildCommittee());
        generate.Subcommands.Add(BuildKSat());
        return generate;
    }

    private static Command BuildKSat()
    {
        var ksat = new Command("ksat", "random K-SAT formula in DIMACS CNF: M = round(αN) clauses of K distinct variables, each negated with probability 1/2");
        var n = CommonOptions.PositiveInt("--n", "number of variables N");
        n.Required = true;
        var k = CommonOptions.PositiveInt("--k", "clause length K", 3);
        var alpha = CommonOptions.PositiveDouble("--alpha", "clauses per variable α = M/N");
        alpha.Required = true;
        var seed = CommonOptions.Seed();
        var output = new Option<FileInfo>("--out") { Description = "CNF file to write", Required = true };
        foreach (Option o in new Option[] { n, k, alpha, seed, output }) ksat.Options.Add(o);
        ksat.SetAction(parsed =>
        {
            int nv = parsed.GetValue(n), kv = parsed.GetValue(k);
            if (kv > nv) throw new UsageException($"--k ({kv}) cannot exceed --n ({nv}): a clause has K distinct variables");
            ulong s = parsed.GetValue(seed);
            KSat formula = ProblemSource.GenerateFormula(nv, kv, parsed.GetValue(alpha), s);
            string path = parsed.GetValue(output)!.FullName;
            string header = string.Create(CultureInfo.InvariantCulture,
                $"lent ksat n={nv} k={kv} m={formula.M} alpha={formula.Alpha:G6} seed={s}");
            AtomicFile.Write(path, w => DimacsFile.Write(formula, w, [header]));
            Console.Error.WriteLine($"wrote {path}: N = {nv}, K = {kv}, M = {formula.M}");
            return LentApp.Ok;
        });
        return ksat;
    }

    private static Command BuildCommittee()
    {
        var committee = new Command("committee", "binary committee machine: K hidden units, P = round(α·N·K) random patterns");
        var n = CommonOptions.PositiveInt("--n", "inputs per hidden unit (odd)");
        n.Required = true;
        var k = CommonOptions.PositiveInt("--k", "hidden units K (odd)");
        k.Required = true;
        var alpha = CommonOptions.PositiveDouble("--alpha", "load α = P/(N·K)");
        alpha.Required = true;
        var tree = new Option<bool>("--tree") { Description = "tree committee: the input has N·K values, unit k sees block k" };
        var seed = CommonOptions.Seed();
        var output = new Option<FileInfo>("--out") { Description = "pattern file to write", Required = true };
        foreach (Option o in new Option[] { n, k, alpha, tree, seed, output }) committee.Options.Add(o);
        committee.SetAction(parsed =>
        {
            int nv = parsed.GetValue(n), kv = parsed.GetValue(k);
            if (nv % 2 == 0) throw new UsageException($"--n must be odd for a committee machine (no zero hidden fields), got {nv}");
            if (kv % 2 == 0) throw new UsageException($"--k must be odd (no tied votes), got {kv}");
            ulong s = parsed.GetValue(seed);
            bool t = parsed.GetValue(tree);
            CommitteeMachine problem = ProblemSource.GenerateCommittee(nv, kv, parsed.GetValue(alpha), t, s);
            int p = problem.P;
            string path = parsed.GetValue(output)!.FullName;
            string header = string.Create(CultureInfo.InvariantCulture,
                $"lent committee n={nv} k={kv} tree={t.ToString().ToLowerInvariant()} p={p} alpha={problem.Alpha:G6} seed={s}");
            AtomicFile.Write(path, w => PatternFile.Write(problem, w, [header, "format: label then the inputs per line, values -1/1"]));
            Console.Error.WriteLine($"wrote {path}: N = {nv}, K = {kv}, P = {p}");
            return LentApp.Ok;
        });
        return committee;
    }
}
