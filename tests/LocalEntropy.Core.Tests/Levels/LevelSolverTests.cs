using LocalEntropy.IO;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.Levels;

/// <summary>sa, rmc and rsgd on multi-level weights: they solve easy instances, report recomputed errors, and repeat with the same seed.</summary>
public class LevelSolverTests
{
    private static readonly SolverLimits Limits = new() { TimeLimit = TimeSpan.FromSeconds(60), MaxIterations = 20_000 };

    public static TheoryData<string, int> Cases
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string s in new[] { "sa", "rmc", "rsgd" })
            {
                foreach (int levels in new[] { 1, 2, 4 }) data.Add(s, levels);
            }
            return data;
        }
    }

    private static ISolver<LevelPerceptron> Create(string name) => name switch
    {
        "sa" => new SimulatedAnnealing(new SimulatedAnnealingOptions { SweepsPerRun = 300, Limits = Limits }),
        "rmc" => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Replicas = 3, SweepsPerRun = 300, Limits = Limits }),
        _ => new ReplicatedSgd(new ReplicatedSgdOptions { Limits = Limits }),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Solve_EasyInstance_FindsLevelSolution_AndRepeatsWithSeed(string solver, int levels)
    {
        var problem = new LevelPerceptron(PerceptronGenerator.Random(101, 30, new Rng(21)), levels);
        SolveResult first = Create(solver).Solve(problem, new Rng(4));
        Assert.True(first.Solved, $"{solver} L={levels}: {first.Errors} errors ({first.StopReason})");
        LevelWeights w = Assert.IsType<LevelWeights>(first.Levels);
        Assert.Equal(levels, w.Levels);
        Assert.Equal(0, problem.Errors(w));
        Assert.Equal(w.Signs(), first.Best);
        SolveResult again = Create(solver).Solve(problem, new Rng(4));
        Assert.Equal(first.Levels, again.Levels);
        Assert.Equal(first.Iterations, again.Iterations);
    }

    [Fact]
    public void Rsgd_UsesInteriorLevels()
    {
        // A solver that only ever played ±1 would not be using the level set.
        var problem = new LevelPerceptron(PerceptronGenerator.Random(201, 80, new Rng(8)), 4);
        SolveResult r = new ReplicatedSgd(new ReplicatedSgdOptions { Limits = Limits }).Solve(problem, new Rng(1));
        Assert.True(r.Solved);
        int interior = 0;
        foreach (sbyte v in r.Levels!.Numerators) interior += Math.Abs(v) < 4 ? 1 : 0;
        Assert.True(interior > 0, "no weight below the top level");
    }

    [Fact]
    public void LevelSgd_OneLevel_PlaysSignsWithZeroAsPlus()
    {
        var problem = new LevelPerceptron(PerceptronGenerator.Random(70, 10, new Rng(2)), 1);
        var state = new LevelSgdState(problem, 2, 1000);
        state.Start(new Rng(3));
        Span<float> h = state.Hidden(0);
        for (int j = 0; j < h.Length; j++) h[j] = (j % 3 - 1) * 0.5f;
        state.SetGamma(0, 0);
        state.Couple();
        for (int j = 0; j < h.Length; j++) Assert.Equal(j % 3 == 0 ? -1 : 1, state.Weights(0)[j]);
    }

    [Fact]
    public void LevelSgd_Coupling_PullsReplicasTogether()
    {
        var rng = new Rng(9);
        var problem = new LevelPerceptron(PerceptronGenerator.Random(300, 10, rng), 4);
        var state = new LevelSgdState(problem, 5, 1);
        for (int a = 0; a < 5; a++)
        {
            Span<float> h = state.Hidden(a);
            for (int j = 0; j < h.Length; j++) h[j] = (float)(rng.NextDouble() * 8 - 4);
        }
        state.SetGamma(2.0, 0.5f);
        double Spread()
        {
            double s = 0;
            for (int j = 0; j < problem.N; j++)
            {
                double mean = Enumerable.Range(0, 5).Average(a => (double)state.Weights(a)[j]);
                s += Enumerable.Range(0, 5).Sum(a => Math.Pow(state.Weights(a)[j] - mean, 2));
            }
            return s;
        }
        state.Couple();
        double before = Spread();
        for (int t = 0; t < 20; t++) state.Couple();
        Assert.True(Spread() < 0.2 * before, $"spread {before} -> {Spread()}");
    }

    [Fact]
    public void WeightsFile_RoundTrip_AndRejectsNonLevels()
    {
        var w = LevelWeights.Random(9, 4, new Rng(1));
        var text = new StringWriter();
        WeightsFile.Write(w, text);
        string[] lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("# levels: 4", lines[0]);
        Assert.Equal(w, WeightsFile.ParseLevels(lines, "w.txt", 4, 9));
        var bad = Assert.Throws<InstanceFormatException>(() => WeightsFile.ParseLevels(["# c", "4 3 0"], "w.txt", 4));
        Assert.Equal(2, bad.Line);
        Assert.Contains("'3'", bad.Message);
        Assert.Equal(1, Assert.Throws<InstanceFormatException>(() => WeightsFile.ParseLevels(["# levels: 2", "2 0"], "w.txt", 4)).Line);
        Assert.Equal(1, Assert.Throws<InstanceFormatException>(() => WeightsFile.ParseLevels(["# levels: x", "2 0"], "w.txt", 2)).Line);
        Assert.Equal(2, Assert.Throws<InstanceFormatException>(() => WeightsFile.ParseLevels(["2 0", "0 0"], "w.txt", 2)).Line);
        Assert.Equal(1, Assert.Throws<InstanceFormatException>(() => WeightsFile.ParseLevels(["2 0 2"], "w.txt", 2, 2)).Line);
    }
}
