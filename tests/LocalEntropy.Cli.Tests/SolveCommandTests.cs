using System.Text.Json;

namespace LocalEntropy.Cli.Tests;

public class SolveCommandTests
{
    [Theory]
    [InlineData("sa")]
    [InlineData("rmc")]
    [InlineData("rsgd")]
    [InlineData("fbp")]
    [InlineData("bp-r")]
    [InlineData("famp")]
    [InlineData("edmc")]
    public void Solve_GeneratedFile_JsonSolutionVerifiesWithEnergy(string algorithm)
    {
        using var dir = new TempDir();
        string patterns = dir.File("p.txt");
        string weights = dir.File("w.txt");
        Assert.Equal(0, LentProcess.Run("generate", "perceptron", "--n", "101", "--alpha", "0.3", "--seed", "4", "--out", patterns).ExitCode);

        var solve = LentProcess.Run("solve", "--patterns", patterns, "--algorithm", algorithm, "--seed", "2", "--max-seconds", "30", "--json", "--out", weights);

        Assert.Equal(0, solve.ExitCode);
        using var json = JsonDocument.Parse(solve.Stdout);
        JsonElement r = json.RootElement;
        Assert.Equal(algorithm, r.GetProperty("algorithm").GetString());
        Assert.Equal(101, r.GetProperty("n").GetInt32());
        Assert.Equal(30, r.GetProperty("p").GetInt32());
        Assert.Equal(2UL, r.GetProperty("seed").GetUInt64());
        Assert.True(r.GetProperty("solved").GetBoolean());
        Assert.Equal(0, r.GetProperty("errors").GetInt32());
        Assert.Equal("solved", r.GetProperty("stopReason").GetString());
        Assert.True(r.GetProperty("iterations").GetInt64() >= 1);
        Assert.True(r.GetProperty("seconds").GetDouble() >= 0);
        string w = r.GetProperty("weights").GetString()!;
        Assert.Equal(101, w.Length);
        Assert.All(w, c => Assert.True(c is '+' or '-'));
        Assert.Equal(w, File.ReadAllText(weights).Trim());
        Assert.Contains($"\"weights\":\"{w}\"", solve.Stdout, StringComparison.Ordinal);

        var energy = LentProcess.Run("energy", "--patterns", patterns, "--weights", weights);
        Assert.Equal(0, energy.ExitCode);
        Assert.Equal("0", energy.Stdout.Trim());
    }

    [Fact]
    public void Solve_Json_ReportsThePeakResidentSetOfItsProcess()
    {
        (LentProcess.Outcome solve, long watched) = LentProcess.RunMeasured("solve", "--n", "101", "--alpha", "0.3", "-a", "sa", "--seed", "1", "--json");

        Assert.Equal(0, solve.ExitCode);
        long peak = JsonDocument.Parse(solve.Stdout).RootElement.GetProperty("peakWorkingSetBytes").GetInt64();
        // The runtime alone keeps tens of MB resident. VmHWM read from outside every 20 ms ends within those 20 ms of
        // the value the process read of itself, and the high-water mark grows little at the end of a run this small.
        Assert.InRange(peak, 10_000_000, 1_000_000_000);
        Assert.InRange(peak, watched * 0.8, watched * 1.25);
    }

    [Fact]
    public void Solve_Shorthand_SolvesTheInstanceGenerateWrites()
    {
        using var dir = new TempDir();
        string patterns = dir.File("p.txt");
        LentProcess.Run("generate", "perceptron", "--n", "61", "--alpha", "0.4", "--seed", "9", "--teacher", "--out", patterns);

        var fromFile = LentProcess.Run("solve", "--patterns", patterns, "-a", "rmc", "--seed", "9", "--json");
        var inMemory = LentProcess.Run("solve", "--n", "61", "--alpha", "0.4", "--teacher", "-a", "rmc", "--seed", "9", "--json");

        Assert.Equal(0, fromFile.ExitCode);
        string Weights(string stdout) => JsonDocument.Parse(stdout).RootElement.GetProperty("weights").GetString()!;
        Assert.Equal(Weights(fromFile.Stdout), Weights(inMemory.Stdout));
        Assert.Equal(JsonValueKind.Number, JsonDocument.Parse(fromFile.Stdout).RootElement.GetProperty("generalizationError").ValueKind);
    }

    [Fact]
    public void Solve_SameSeed_SameWeights()
    {
        string[] args = ["solve", "--n", "201", "--alpha", "0.5", "-a", "sa", "--seed", "5", "--max-iterations", "40", "--json"];
        var first = LentProcess.Run(args);
        var second = LentProcess.Run(args);
        Assert.Equal(
            JsonDocument.Parse(first.Stdout).RootElement.GetProperty("weights").GetString(),
            JsonDocument.Parse(second.Stdout).RootElement.GetProperty("weights").GetString());
    }

    [Theory]
    [InlineData("fbp")]
    [InlineData("rmc")]
    [InlineData("edmc")]
    public void Solve_CommitteeFile_SolutionVerifiesWithEnergy(string algorithm)
    {
        using var dir = new TempDir();
        string patterns = dir.File("c.txt"), weights = dir.File("w.txt");
        Assert.Equal(0, LentProcess.Run("generate", "committee", "--n", "31", "--k", "3", "--alpha", "0.2", "--seed", "2", "--out", patterns).ExitCode);

        var solve = LentProcess.Run("solve", "--patterns", patterns, "--k", "3", "-a", algorithm, "--seed", "1", "--max-seconds", "60", "--json", "--out", weights);

        Assert.Equal(0, solve.ExitCode);
        JsonElement r = JsonDocument.Parse(solve.Stdout).RootElement;
        Assert.Equal(31, r.GetProperty("n").GetInt32());
        Assert.Equal(3, r.GetProperty("k").GetInt32());
        Assert.Equal(93, r.GetProperty("weights").GetString()!.Length);
        Assert.Equal(3, File.ReadAllLines(weights).Length);
        Assert.Equal("0", LentProcess.Run("energy", "--patterns", patterns, "--weights", weights, "--k", "3").Stdout.Trim());
    }

    [Fact]
    public void Solve_ProblemCommittee_IsTheSameAsGivingK()
    {
        string[] common = ["solve", "--n", "31", "--k", "3", "--alpha", "0.2", "-a", "fbp", "--seed", "3", "--json"];
        JsonElement implicitKind = JsonDocument.Parse(LentProcess.Run(common).Stdout).RootElement;
        var explicitRun = LentProcess.Run([.. common, "--problem", "committee"]);
        Assert.Equal(0, explicitRun.ExitCode);
        JsonElement explicitKind = JsonDocument.Parse(explicitRun.Stdout).RootElement;
        Assert.Equal(3, explicitKind.GetProperty("k").GetInt32());
        Assert.Equal(implicitKind.GetProperty("weights").GetString(), explicitKind.GetProperty("weights").GetString());
        Assert.Equal(implicitKind.GetProperty("iterations").GetInt64(), explicitKind.GetProperty("iterations").GetInt64());
    }

    [Theory]
    [InlineData("--problem", "committee")]
    [InlineData("--problem", "perceptron", "--k", "3")]
    [InlineData("--problem", "ksat", "--teacher")]
    public void Solve_ProblemKindInconsistentWithK_ExitsTwo(params string[] extra)
    {
        var r = LentProcess.Run(["solve", "--n", "31", "--alpha", "0.2", .. extra]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Solve_CommitteeWithRsgd_RunsTheCommitteeRuleWithItsDefaults()
    {
        var r = LentProcess.Run("solve", "--n", "31", "--k", "3", "--alpha", "0.2", "-a", "rsgd", "--json");
        Assert.Equal(0, r.ExitCode);
        JsonElement options = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("options");
        Assert.Equal(0.75, options.GetProperty("Coupling").GetDouble());
        Assert.Equal(0.001, options.GetProperty("GammaStep").GetDouble());
    }

    [Theory]
    [InlineData("--energy", "errors")]
    [InlineData("--protocol", "scoping")]
    [InlineData("--replicas", "3")]
    public void Solve_EdmcWithOptionItDoesNotTake_ExitsTwo(string option, string value)
    {
        var r = LentProcess.Run("solve", "--n", "31", "--alpha", "0.2", "-a", "edmc", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("edmc", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Solve_ThreadCount_DoesNotChangeResult()
    {
        string Weights(string threads)
        {
            var r = LentProcess.Run("solve", "--n", "301", "--alpha", "0.6", "-a", "rmc", "--seed", "3", "--chains", "3", "--threads", threads, "--json");
            Assert.Equal(0, r.ExitCode);
            return JsonDocument.Parse(r.Stdout).RootElement.GetProperty("weights").GetString()!;
        }
        Assert.Equal(Weights("1"), Weights("2"));
    }

    [Fact]
    public void Solve_UnsolvedWithinBudget_ExitsOneAndSaysWhy()
    {
        var r = LentProcess.Run("solve", "--n", "301", "--alpha", "0.9", "-a", "sa", "--energy", "errors", "--max-iterations", "2", "--json");
        Assert.Equal(1, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.False(root.GetProperty("solved").GetBoolean());
        Assert.True(root.GetProperty("errors").GetInt32() > 0);
        Assert.Equal("maxIterations", root.GetProperty("stopReason").GetString());
    }
}

public class SolveSettingsTests
{
    [Fact]
    public void Solve_Set_ReportsTheFullEffectiveOptions()
    {
        var r = LentProcess.Run("solve", "--n", "101", "--alpha", "0.4", "-a", "rmc", "--max-iterations", "20", "--json",
            "--set", "Replicas=3", "--set", "Gamma=linear:0.1:2", "--set", "Energy=hinge:1");

        using var json = JsonDocument.Parse(r.Stdout);
        JsonElement options = json.RootElement.GetProperty("options");
        Assert.Equal(3, options.GetProperty("Replicas").GetInt32());
        Assert.Equal("Linear", options.GetProperty("Gamma").GetProperty("Shape").GetString());
        Assert.Equal(1, options.GetProperty("Energy").GetProperty("Margin").GetInt32());
        Assert.Equal(20, options.GetProperty("Limits").GetProperty("MaxIterations").GetInt64());
        Assert.Equal(2000, options.GetProperty("SweepsPerRun").GetInt32());
        Assert.Equal("hinge(k=1)", json.RootElement.GetProperty("energy").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("chains").GetInt32());
    }

    [Fact]
    public void Solve_ReportedOptionsAsOptionsFile_RepeatTheRun()
    {
        using var dir = new TempDir();
        string[] instance = ["solve", "--n", "101", "--alpha", "0.5", "-a", "fbp", "--max-iterations", "60", "--json"];
        var first = LentProcess.Run([.. instance, "--set", "Protocol=scoping", "--set", "Protocol.Count=40", "--set", "Bp.Damping=0.2"]);
        using var json = JsonDocument.Parse(first.Stdout);
        string options = dir.Write("o.json", json.RootElement.GetProperty("options").GetRawText());

        var again = LentProcess.Run([.. instance, "--options", options]);

        using var second = JsonDocument.Parse(again.Stdout);
        Assert.Equal(json.RootElement.GetProperty("options").GetRawText(), second.RootElement.GetProperty("options").GetRawText());
        Assert.Equal(json.RootElement.GetProperty("weights").GetString(), second.RootElement.GetProperty("weights").GetString());
    }

    [Theory]
    [InlineData("--set", "Bp.Dampin=0.4", "unknown setting 'Bp.Dampin' for fbp; valid: ", "Bp.Damping")]
    [InlineData("--set", "Bp.Damping=1", "--set: Bp.Damping: must be in [0, 1), got 1", "")]
    [InlineData("--set", "Damping", "--set: expected NAME=VALUE, got 'Damping'", "")]
    public void Solve_BadSetting_ExitsTwoNamingIt(string option, string value, string message, string more)
    {
        var r = LentProcess.Run("solve", "--n", "51", "--alpha", "0.3", "-a", "fbp", option, value);

        BadInputTests.AssertBadInput(r, message, more);
    }

    [Fact]
    public void Solve_MalformedOptionsFile_NamesFileAndLine()
    {
        using var dir = new TempDir();
        dir.Write("o.json", "{\n  \"Replicas\": 3,\n  \"Beta\": {\"Start\": }\n}\n");

        var r = LentProcess.RunIn(dir.Path, "solve", "--n", "51", "--alpha", "0.3", "-a", "rmc", "--options", "o.json");

        BadInputTests.AssertBadInput(r, "o.json:3: invalid JSON");
    }
}
