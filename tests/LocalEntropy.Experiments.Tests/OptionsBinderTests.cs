using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Experiments.Tests;

public class OptionsBinderTests
{
    private static Setting Set(string text) => Setting.Parse(text, "--set");

    private static T Apply<T>(T options, params string[] settings) where T : notnull =>
        OptionsBinder.Apply(options, settings.Select(Set), "test");

    [Fact]
    public void Apply_NestedSetting_ChangesOnlyThatPropertyOfACopy()
    {
        var original = new FocusingBeliefPropagationOptions { Bp = FocusingBeliefPropagationOptions.DefaultBp(committee: false) };

        var changed = Apply(original, "Bp.Damping=0.4", "bp.factor=exact", "MaxRuns=3");

        Assert.Equal(0.4, changed.Bp!.Damping);
        Assert.Equal(FactorUpdate.Exact, changed.Bp.Factor);
        Assert.Equal(3, changed.MaxRuns);
        Assert.Equal(original.Bp!.Tolerance, changed.Bp.Tolerance);
        Assert.Equal(0.3, original.Bp.Damping);
        Assert.Equal(10, original.MaxRuns);
    }

    [Fact]
    public void Apply_RampsMoveEnergiesAndTimes_ReadTheirTextForms()
    {
        var o = Apply(new ReplicatedMonteCarloOptions(), "Gamma=linear:0.1:2", "Beta.Start=0.05", "Energy=hinge:2", "Limits.TimeLimit=2.5");

        Assert.Equal(Ramp.Linear(0.1, 2), o.Gamma);
        Assert.Equal(Ramp.Geometric(0.05, 2.0), o.Beta);
        Assert.Equal(MoveEnergy.Hinge(2), o.Energy);
        Assert.Equal(TimeSpan.FromSeconds(2.5), o.Limits.TimeLimit);
        Assert.Null(Apply(o, "Limits.TimeLimit=null").Limits.TimeLimit);
    }

    [Fact]
    public void Apply_ProtocolByName_ThenItsParts()
    {
        var o = Apply(new FocusingBeliefPropagationOptions(), "Protocol=scoping", "Protocol.Count=20", "Protocol.Y=3");

        Assert.Equal(new FocusingProtocol.Scoping(Count: 20, Y: 3), o.Protocol);
    }

    [Fact]
    public void Apply_UnknownSetting_NamesItAndListsTheValidOnes()
    {
        var e = Assert.Throws<SettingException>(() => Apply(new SimulatedAnnealingOptions(), "Replicas=3"));

        Assert.StartsWith("--set: unknown setting 'Replicas' for test; valid: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("Beta.Start", e.Message, StringComparison.Ordinal);
        Assert.Contains("Limits.MaxIterations", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_WithCollector_SkipsUnknownSettingsAndAppliesTheRest()
    {
        var unknown = new List<Setting>();

        var o = OptionsBinder.Apply(new SimulatedAnnealingOptions(), [Set("Replicas=3"), Set("SweepsPerRun=10")], "sa", unknown);

        Assert.Equal(10, o.SweepsPerRun);
        Assert.Equal("Replicas", Assert.Single(unknown).Path);
    }

    [Theory]
    [InlineData("Bp.Damping=1.5", "--set: Bp.Damping: must be in [0, 1), got 1.5")]
    [InlineData("MaxRuns=0", "--set: MaxRuns: must be at least 1, got 0")]
    [InlineData("Bp.Damping=x", "--set: Bp.Damping: 'x' is not a finite number")]
    [InlineData("MaxRuns=2.5", "--set: MaxRuns: '2.5' is not an integer")]
    [InlineData("Bp.Factor=fast", "--set: Bp.Factor: 'fast' is not one of Gaussian, Exact")]
    [InlineData("Protocol=fast", "--set: Protocol: 'fast' is not a focusing protocol")]
    [InlineData("Limits=3", "--set: Limits: '3' is not a single value")]
    [InlineData("InitialNoise=NaN", "--set: InitialNoise: 'NaN' is not a finite number")]
    public void Apply_BadValue_NamesTheSettingAndTheRule(string setting, string message)
    {
        var fbp = new FocusingBeliefPropagationOptions { Bp = FocusingBeliefPropagationOptions.DefaultBp(committee: false) };

        var e = Assert.Throws<SettingException>(() => Apply(fbp, setting));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Canonical_IsStableAndComplete()
    {
        Assert.Equal(
            """{"Beta":{"End":2,"Shape":"Geometric","Start":0.02},"Energy":{"Kind":"Hinge","Margin":4},"Limits":{"MaxIterations":1000000,"TimeLimit":null},"RestartGrowth":1.5,"SweepsPerRun":3000}""",
            OptionsJson.Canonical(new SimulatedAnnealingOptions()));
    }

    [Fact]
    public void Canonical_ReadBackAsSettings_GivesTheSameOptions()
    {
        using var dir = new TempDir();
        var options = Apply(
            new FocusingBeliefPropagationOptions { Bp = FocusingBeliefPropagationOptions.DefaultBp(committee: true) },
            "Protocol=scoping", "Protocol.GammaEnd=4", "Bp.Chunks=3", "Limits.TimeLimit=7");
        string file = dir.Write("o.json", OptionsJson.Canonical(options));

        var read = OptionsBinder.Apply(new FocusingBeliefPropagationOptions(), OptionsJson.ReadSettings(file), "fbp");

        Assert.Equal(options, read);
        Assert.Equal(OptionsJson.Canonical(options), OptionsJson.Canonical(read));
    }

    [Fact]
    public void ReadSettings_NestedObjects_GiveDottedPathsWithFileAndLine()
    {
        using var dir = new TempDir();
        string file = dir.Write("o.json", "{\n  // comment\n  \"Bp\": {\n    \"Damping\": 0.4,\n  },\n  \"Protocol\": \"scoping\"\n}\n");

        var settings = OptionsJson.ReadSettings(file);

        Assert.Equal([new Setting("Bp.Damping", "0.4", file + ":4"), new Setting("Protocol", "scoping", file + ":6")], settings);
    }

    [Theory]
    [InlineData("{\n  \"Bp\": {\n    \"Damping\": 0.4 x\n  }\n}\n", ":3: invalid JSON")]
    [InlineData("[1, 2]\n", ":1: an options file holds one JSON object")]
    [InlineData("{\n \"Steps\": [1]\n}\n", ":2: Steps: lists cannot be set")]
    public void ReadSettings_Malformed_NamesFileAndLine(string content, string message)
    {
        using var dir = new TempDir();
        string file = dir.Write("o.json", content);

        var e = Assert.Throws<SettingException>(() => OptionsJson.ReadSettings(file));

        Assert.StartsWith(file + message, e.Message, StringComparison.Ordinal);
    }
}
