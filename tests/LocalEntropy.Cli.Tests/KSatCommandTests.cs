using System.Text.Json;

namespace LocalEntropy.Cli.Tests;

public class KSatCommandTests
{
    /// <summary>The clauses of a CNF file as the test reads it itself (comments and header skipped, 0 ends a clause).</summary>
    private static List<int[]> ReadClauses(string path)
    {
        var clauses = new List<int[]>();
        var clause = new List<int>();
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith('c') || line.StartsWith('p') || line.Trim().Length == 0) continue;
            foreach (int literal in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
            {
                if (literal != 0)
                {
                    clause.Add(literal);
                    continue;
                }
                clauses.Add([.. clause]);
                clause.Clear();
            }
        }
        return clauses;
    }

    /// <summary>Independent check of an assignment given as a ± string (character i is variable i + 1).</summary>
    private static bool Satisfies(List<int[]> clauses, string assignment) =>
        clauses.All(c => c.Any(l => (assignment[Math.Abs(l) - 1] == '+') == (l > 0)));

    private static string Generate(TempDir dir, int n, double alpha, int seed, int k = 3)
    {
        string path = dir.File($"f{n}-{seed}.cnf");
        Assert.Equal(0, LentProcess.Run("generate", "ksat", "--n", $"{n}", "--k", $"{k}", "--alpha", $"{alpha}", "--seed", $"{seed}", "--out", path).ExitCode);
        return path;
    }

    [Fact]
    public void WalkSat_Solves3Sat_N10000_Alpha4_AndTheAssignmentChecks()
    {
        using var dir = new TempDir();
        string cnf = Generate(dir, 10_000, 4.0, 1);

        var r = LentProcess.Run("solve", "--cnf", cnf, "-a", "walksat", "--max-seconds", "60", "--json");

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("ksat", root.GetProperty("problem").GetString());
        Assert.Equal(40_000, root.GetProperty("p").GetInt32());
        Assert.True(root.GetProperty("solved").GetBoolean());
        Assert.True(Satisfies(ReadClauses(cnf), root.GetProperty("assignment").GetString()!));
    }

    [Fact]
    public void Dimacs_PrintsTheModelAsSignedLiterals_AndEnergyAgrees()
    {
        using var dir = new TempDir();
        string cnf = Generate(dir, 300, 3.5, 2);
        string assignment = dir.File("a.txt");

        var r = LentProcess.Run("solve", "--cnf", cnf, "--dimacs", "--out", assignment);

        Assert.Equal(0, r.ExitCode);
        string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("s SATISFIABLE", lines[0]);
        int[] model = [.. lines[1].Split(' ').Skip(1).Select(int.Parse)];
        Assert.Equal(0, model[^1]);
        Assert.Equal(Enumerable.Range(1, 300), model[..^1].Select(Math.Abs));
        string plusMinus = new([.. model[..^1].Select(l => l > 0 ? '+' : '-')]);
        Assert.Equal(plusMinus, File.ReadAllText(assignment).Trim());
        Assert.True(Satisfies(ReadClauses(cnf), plusMinus));
        Assert.Equal("0", LentProcess.Run("energy", "--cnf", cnf, "--weights", assignment).Stdout.Trim());
    }

    [Fact]
    public void Unsolved_PrintsUnknownAndExitsOne()
    {
        using var dir = new TempDir();
        // Far above the threshold: no assignment exists, so nothing can be claimed.
        string cnf = Generate(dir, 60, 8.0, 3);
        var r = LentProcess.Run("solve", "--cnf", cnf, "--dimacs", "--max-iterations", "50");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("s UNKNOWN", r.Stdout.Trim());
    }

    [Fact]
    public void GeneratedFormula_IsTheOneGenerateWrites()
    {
        using var dir = new TempDir();
        string cnf = Generate(dir, 200, 3.0, 4, k: 4);
        string[] common = ["-a", "walksat", "--seed", "4", "--json"];
        JsonElement fromFile = JsonDocument.Parse(LentProcess.Run(["solve", "--cnf", cnf, .. common]).Stdout).RootElement;
        JsonElement generated = JsonDocument.Parse(LentProcess.Run(["solve", "--problem", "ksat", "--n", "200", "--k", "4", "--alpha", "3", .. common]).Stdout).RootElement;
        Assert.Equal(fromFile.GetProperty("assignment").GetString(), generated.GetProperty("assignment").GetString());
        Assert.Equal(4, generated.GetProperty("k").GetInt32());
    }

    [Theory]
    [InlineData("sa")]
    [InlineData("rmc")]
    [InlineData("edmc")]
    public void OtherSolvers_RunOnFormulas(string algorithm)
    {
        var r = LentProcess.Run("solve", "--problem", "ksat", "--n", "150", "--alpha", "3.0", "-a", algorithm, "--max-seconds", "60", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.True(JsonDocument.Parse(r.Stdout).RootElement.GetProperty("solved").GetBoolean());
    }

    [Fact]
    public void SolverWithoutFormulaSupport_IsRefusedWithTheValidChoices()
    {
        using var dir = new TempDir();
        string cnf = Generate(dir, 50, 3.0, 5);
        BadInputTests.AssertBadInput(LentProcess.Run("solve", "--cnf", cnf, "-a", "rsgd"), "rsgd does not solve K-SAT", "walksat");
    }

    [Theory]
    [InlineData("p cnf 3 1\n1 4 0\n", "f.cnf:2:", "out of range")]
    [InlineData("p cnf 3 2\n1 2 0\n", "f.cnf:1:", "declares 2 clauses")]
    [InlineData("p cnf 3 1\n1 \u001b[31m 0\n", "f.cnf:2:", "\\x1b")]
    public void MalformedCnf_NamesFileAndLine(string content, string location, string detail)
    {
        using var dir = new TempDir();
        dir.Write("f.cnf", content);
        string output = dir.File("a.txt");
        var r = LentProcess.RunIn(dir.Path, "solve", "--cnf", "f.cnf", "--out", output);
        BadInputTests.AssertBadInput(r, location, detail);
        Assert.DoesNotContain('\u001b', r.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void DimacsWithAPerceptron_IsAUsageError() =>
        BadInputTests.AssertBadInput(LentProcess.Run("solve", "--n", "31", "--alpha", "0.3", "--dimacs"), "--dimacs");
}
