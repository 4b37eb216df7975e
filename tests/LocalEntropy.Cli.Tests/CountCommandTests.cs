using System.Numerics;
using System.Text.Json;

namespace LocalEntropy.Cli.Tests;

public class CountCommandTests
{
    /// <summary>A pattern file as the test reads it itself: rows x^μ = σ^μ ξ^μ packed into bits (bit j set when +1).</summary>
    private static (int N, ulong[] Rows) ReadSigned(string path)
    {
        var rows = new List<ulong>();
        int n = 0;
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            int[] v = [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
            n = v.Length - 1;
            ulong row = 0;
            for (int j = 0; j < n; j++)
            {
                if (v[0] * v[j + 1] > 0) row |= 1UL << j;
            }
            rows.Add(row);
        }
        return (n, [.. rows]);
    }

    /// <summary>Independent count: every configuration w (bit j = weight j is +1) and every row, a popcount each.</summary>
    private static long BruteForceCount(int n, ulong[] rows)
    {
        long count = 0;
        for (ulong w = 0; w < 1UL << n; w++)
        {
            bool ok = true;
            foreach (ulong x in rows)
            {
                // w·x = N − 2·(number of positions where they differ); a solution needs it positive.
                if (n - 2 * BitOperations.PopCount(w ^ x) <= 0)
                {
                    ok = false;
                    break;
                }
            }
            if (ok) count++;
        }
        return count;
    }

    private static string Generate(TempDir dir, int n, double alpha, bool teacher, int seed)
    {
        string path = dir.File($"p{n}-{seed}.txt");
        string[] args = ["generate", "perceptron", "--n", $"{n}", "--alpha", $"{alpha}", "--seed", $"{seed}", "--out", path];
        Assert.Equal(0, LentProcess.Run(teacher ? [.. args, "--teacher"] : args).ExitCode);
        return path;
    }

    [Theory]
    [InlineData(17, 0.5, false, 1)]
    [InlineData(21, 0.3, false, 2)]
    [InlineData(21, 1.0, true, 3)]
    [InlineData(25, 0.4, false, 4)]
    [InlineData(25, 0.7, true, 5)]
    public void Count_EqualsIndependentBruteForce(int n, double alpha, bool teacher, int seed)
    {
        using var dir = new TempDir();
        string patterns = Generate(dir, n, alpha, teacher, seed);
        (int readN, ulong[] rows) = ReadSigned(patterns);

        var r = LentProcess.Run("count", "--patterns", patterns, "--json");

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(BruteForceCount(readN, rows), root.GetProperty("solutions").GetInt64());
        Assert.Equal(n, root.GetProperty("n").GetInt32());
        Assert.Equal(rows.Length, root.GetProperty("p").GetInt32());
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
    }

    [Fact]
    public void Out_StreamsEverySolution_EachVerifiedByLentEnergy()
    {
        using var dir = new TempDir();
        string patterns = Generate(dir, 19, 0.6, false, 7);
        string output = dir.File("solutions.txt");
        (int n, ulong[] rows) = ReadSigned(patterns);

        var r = LentProcess.Run("count", "--patterns", patterns, "--out", output, "--json");

        Assert.Equal(0, r.ExitCode);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(JsonDocument.Parse(r.Stdout).RootElement.GetProperty("solutions").GetInt64(), lines.Length);
        Assert.Equal(BruteForceCount(n, rows), lines.Length);
        Assert.Equal(lines.Length, lines.Distinct().Count());
        Assert.All(lines, l => Assert.Matches("^[+-]{19}$", l));
        // Ordered lexicographically with − before +.
        Assert.Equal(lines.OrderBy(l => l.Replace('-', 'a').Replace('+', 'b'), StringComparer.Ordinal), lines);
        foreach (string line in lines.Where((_, i) => i % Math.Max(1, lines.Length / 4) == 0))
        {
            string weights = dir.Write("w.txt", line + "\n");
            var energy = LentProcess.Run("energy", "--patterns", patterns, "--weights", weights);
            Assert.Equal("0", energy.Stdout.Trim());
        }
    }

    [Fact]
    public void Clusters_ReportComponentsThatAddUpToTheSolutions()
    {
        using var dir = new TempDir();
        string patterns = Generate(dir, 21, 0.6, false, 8);

        var r = LentProcess.Run("count", "--patterns", patterns, "--clusters", "--json");

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        long solutions = root.GetProperty("solutions").GetInt64();
        var sizes = root.GetProperty("clusterSizes").EnumerateArray().Select(e => (Size: e.GetProperty("size").GetInt64(), Count: e.GetProperty("clusters").GetInt64())).ToList();
        Assert.Equal(solutions, sizes.Sum(s => s.Size * s.Count));
        Assert.Equal(root.GetProperty("clusters").GetInt64(), sizes.Sum(s => s.Count));
        Assert.Equal(root.GetProperty("largest").GetInt64(), sizes[0].Size);
    }

    [Fact]
    public void Sample_WritesDistinctSolutions_RepeatablyForTheSeed()
    {
        using var dir = new TempDir();
        string patterns = Generate(dir, 21, 0.5, true, 9);
        string a = dir.File("a.txt"), b = dir.File("b.txt");

        Assert.Equal(0, LentProcess.Run("count", "--patterns", patterns, "--sample", "3", "--seed", "4", "--out", a).ExitCode);
        Assert.Equal(0, LentProcess.Run("count", "--patterns", patterns, "--sample", "3", "--seed", "4", "--out", b).ExitCode);

        string[] lines = File.ReadAllLines(a);
        Assert.Equal(3, lines.Distinct().Count());
        Assert.Equal(lines, File.ReadAllLines(b));
        (int n, ulong[] rows) = ReadSigned(patterns);
        foreach (string line in lines)
        {
            ulong w = 0;
            for (int j = 0; j < n; j++)
            {
                if (line[j] == '+') w |= 1UL << j;
            }
            Assert.All(rows, x => Assert.True(n - 2 * BitOperations.PopCount(w ^ x) > 0));
        }
    }

    [Fact]
    public void Committee_CountsLikeTheFileSaysAndStreamsWeightsFilesLentEnergyAccepts()
    {
        using var dir = new TempDir();
        string patterns = dir.File("c.txt");
        Assert.Equal(0, LentProcess.Run("generate", "committee", "--n", "7", "--k", "3", "--alpha", "0.3", "--seed", "1", "--out", patterns).ExitCode);
        string output = dir.File("s.txt");

        var r = LentProcess.Run("count", "--patterns", patterns, "--k", "3", "--out", output, "--json");

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(3, root.GetProperty("k").GetInt32());
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(root.GetProperty("solutions").GetInt64(), lines.Length);
        Assert.True(lines.Length > 0);
        string weights = dir.Write("w.txt", lines[^1] + "\n");
        Assert.Equal("0", LentProcess.Run("energy", "--patterns", patterns, "--weights", weights, "--k", "3").Stdout.Trim());
    }

    [Fact]
    public void TooLargeInstance_IsRefusedUpFront()
    {
        var r = LentProcess.Run("count", "--n", "45", "--alpha", "0.5");
        BadInputTests.AssertBadInput(r, "40", "N = 45");
    }

    [Fact]
    public void SampleWithoutOut_IsAUsageError() =>
        BadInputTests.AssertBadInput(LentProcess.Run("count", "--n", "15", "--alpha", "0.5", "--sample", "2"), "--sample", "--out");

    [Fact]
    public void MaxSeconds_StopsCleanly_LeavingNoFile()
    {
        using var dir = new TempDir();
        string output = dir.File("s.txt");

        var r = LentProcess.Run("count", "--n", "39", "--alpha", "0.1", "--max-seconds", "0.5", "--out", output);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("time limit", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void LandscapeClusters_PrintsTheTable_AndPlots()
    {
        using var dir = new TempDir();
        string png = dir.File("clusters.png");

        var r = LentProcess.Run("landscape", "clusters", "--n", "15", "--alphas", "0.1,0.8", "--seeds", "3", "--plot", png, "--json");

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(3, rows[0].GetProperty("instances").GetInt32());
        // At low load every instance is one connected set of solutions.
        Assert.Equal(1.0, rows[0].GetProperty("clusters").GetDouble());
        Assert.Equal(1.0, rows[0].GetProperty("fractionInLargest").GetDouble());
        Assert.True(rows[1].GetProperty("solutions").GetDouble() < rows[0].GetProperty("solutions").GetDouble());
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Theory]
    [InlineData("0.8:0.5:0.1", "MIN <= MAX")]
    [InlineData("0.1,x", "'x'")]
    [InlineData("0,0.5", "'0'")]
    public void LandscapeClusters_BadAlphas_ExitTwo(string alphas, string mention) =>
        BadInputTests.AssertBadInput(LentProcess.Run("landscape", "clusters", "--n", "11", "--alphas", alphas), "--alphas", mention);

    [Fact]
    public void ExactLocalEntropy_CountsEverySolutionByDistance()
    {
        using var dir = new TempDir();
        string patterns = Generate(dir, 21, 0.4, true, 11);
        string teacher = File.ReadLines(patterns).First(l => l.StartsWith("# teacher:", StringComparison.Ordinal))["# teacher:".Length..].Trim();
        string weights = dir.Write("t.txt", teacher + "\n");
        long total = JsonDocument.Parse(LentProcess.Run("count", "--patterns", patterns, "--json").Stdout).RootElement.GetProperty("solutions").GetInt64();
        string png = dir.File("exact.png");

        var r = LentProcess.Run("landscape", "local-entropy", "--patterns", patterns, "--weights", weights, "--exact", "--points", "4", "--json", "--plot", png);

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(total, root.GetProperty("solutions").GetInt64());
        var exact = root.GetProperty("exact").EnumerateArray().ToList();
        Assert.Equal(total, exact.Sum(e => e.GetProperty("solutions").GetInt64()));
        // The teacher is a solution: one solution at distance 0, S = 0 there.
        Assert.Equal(0, exact[0].GetProperty("distance").GetInt32());
        Assert.Equal(1, exact[0].GetProperty("solutions").GetInt64());
        Assert.All(exact, e => Assert.True(e.GetProperty("s").GetDouble() <= e.GetProperty("h").GetDouble() + 1e-12));
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Fact]
    public void ExactLocalEntropy_WithReplicas_IsAUsageError()
    {
        using var dir = new TempDir();
        string patterns = Generate(dir, 11, 0.4, false, 12);
        BadInputTests.AssertBadInput(LentProcess.Run("landscape", "local-entropy", "--patterns", patterns, "--replicas", "3", "--exact"), "--exact");
    }
}
