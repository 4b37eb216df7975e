using LocalEntropy.Solvers;

namespace LocalEntropy.Experiments.Tests;

public class SweepPlanTests
{
    /// <summary>Options records standing in for two algorithms: "sa" has no Replicas, "rmc" has.</summary>
    internal static object Configure(PointRecipe r, ICollection<Setting>? unknown) => r.Algorithm switch
    {
        "sa" => OptionsBinder.Apply(new SimulatedAnnealingOptions(), r.Settings, r.Algorithm, unknown),
        _ => OptionsBinder.Apply(new ReplicatedMonteCarloOptions(), r.Settings, r.Algorithm, unknown),
    };

    private static SweepGrid Grid => new()
    {
        Name = "g",
        Sizes = [41, 61],
        Alphas = [0.5, 0.6, 0.7],
        Algorithms = ["sa", "rmc"],
        Seeds = [1, 2],
    };

    [Fact]
    public void Points_EveryCombinationOnce_SeedsOutermost()
    {
        var points = SweepPlan.Points(Grid, Configure);

        Assert.Equal(2 * 3 * 2 * 2, points.Count);
        Assert.Equal(points.Count, points.Select(p => p.Id).Distinct().Count());
        Assert.All(points.Take(12), p => Assert.Equal(1UL, p.Instance.Seed));
        Assert.Equal(("sa", "rmc"), (points[0].Algorithm, points[1].Algorithm));
        Assert.Equal(points[0].Instance, points[1].Instance);
    }

    [Fact]
    public void Points_SweptSettingAnAlgorithmLacks_AppliesToTheOthersAndDoesNotRepeatIt()
    {
        var points = SweepPlan.Points(Grid with { Axes = [GridAxis.Parse("Replicas=3,5,7")] }, Configure);

        Assert.Equal(12 * (1 + 3), points.Count);
        Assert.All(points.Where(p => p.Algorithm == "sa"), p => Assert.Empty(p.Settings));
        Assert.Equal([3, 5, 7], points.Where(p => p.Algorithm == "rmc").Take(3).Select(p => ((ReplicatedMonteCarloOptions)p.Options).Replicas));
        Assert.Equal(points.Count, points.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public void Points_SettingNoAlgorithmHas_IsAnError()
    {
        var grid = Grid with { Settings = [new Setting("Replica", "3", "--set")] };

        var e = Assert.Throws<SettingException>(() => SweepPlan.Points(grid, Configure));

        Assert.StartsWith("--set: unknown setting 'Replica' for sa, rmc; valid: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Id_IsTheHashOfCoordinatesAndOptions()
    {
        SweepPoint p = SweepPlan.Points(Grid with { Alphas = [0.55] }, Configure)[1];

        Assert.Equal(
            $"problem=perceptron;n=41;k=1;alpha=0.55;teacher=false;seed=1;algorithm=rmc;chains=1;options={OptionsJson.Hash(OptionsJson.Canonical(new ReplicatedMonteCarloOptions()))}",
            SweepPoint.IdentityText(p.Instance, p.Algorithm, p.Chains, p.OptionsHash));
        Assert.Equal(OptionsJson.Hash(SweepPoint.IdentityText(p.Instance, p.Algorithm, p.Chains, p.OptionsHash)), p.Id);
        Assert.NotEqual(p.Id, SweepPlan.Points(Grid with { Alphas = [0.55], Settings = [new Setting("Replicas", "3", "--set")] }, Configure)[1].Id);
    }

    [Theory]
    [InlineData("algorithms", "--algorithms: no algorithms")]
    [InlineData("twice", "--n: a value is listed twice")]
    [InlineData("even", "--n must be odd for a committee machine")]
    [InlineData("teacher", "--teacher is for the perceptron")]
    [InlineData("axis", "--grid: Replicas is also set with --set or --options")]
    public void Validate_MalformedGrid_NamesTheOption(string fault, string message)
    {
        SweepGrid grid = fault switch
        {
            "algorithms" => Grid with { Algorithms = [] },
            "twice" => Grid with { Sizes = [41, 41] },
            "even" => Grid with { Problem = ProblemKind.Committee, K = 3, Sizes = [40] },
            "teacher" => Grid with { Problem = ProblemKind.Committee, K = 3, Teacher = true },
            _ => Grid with { Settings = [new Setting("replicas", "3", "--set")], Axes = [GridAxis.Parse("Replicas=3,5")] },
        };

        var e = Assert.Throws<SettingException>(grid.Validate);

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
