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
        foreach (Option o in new Option[] { n, alpha, teacher, seed, output }) perceptron.Options.Add(o);
        perceptron.SetAction(parsed =>
        {
            ulong s = parsed.GetValue(seed);
            bool t = parsed.GetValue(teacher);
            Perceptron problem = ProblemSource.Generate(parsed.GetValue(n), parsed.GetValue(alpha), t, s);
            string path = parsed.GetValue(output)!.FullName;
            string header = string.Create(CultureInfo.InvariantCulture,
                $"lent perceptron n={problem.N} p={problem.P} alpha={problem.Alpha:G6} seed={s} labels={(t ? "teacher" : "random")}");
            AtomicFile.Write(path, w => PatternFile.Write(problem, w, [header, "format: label then N inputs per line, values -1/1"]));
            Console.Error.WriteLine($"wrote {path}: N = {problem.N}, P = {problem.P}");
            return LentApp.Ok;
        });
        generate.Subcommands.Add(perceptron);
        generate.Subcommands.Add(BuildCommittee());
        return generate;
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
