using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.MessagePassing;

public class FocusingProtocolTests
{
    [Fact]
    public void StandardReinforcement_IsInfiniteGammaWithYOneOverOneMinusRho()
    {
        var steps = new FocusingProtocol.StandardReinforcement(0, 0.25, 0.75).Steps();
        Assert.Equal(4, steps.Count);
        double[] rho = [0, 0.25, 0.5, 0.75];
        for (int i = 0; i < 4; i++)
        {
            Assert.True(double.IsPositiveInfinity(steps[i].Gamma));
            Assert.Equal(1 / (1 - rho[i]), steps[i].Y, 12);
        }
    }

    [Fact]
    public void PseudoReinforcement_FollowsTheFormulas()
    {
        var steps = new FocusingProtocol.PseudoReinforcement(0.1, 0.2, 0.9, X: 0.5).Steps();
        Assert.Equal(5, steps.Count);
        for (int i = 0; i < steps.Count; i++)
        {
            double rho = 0.1 + 0.2 * i;
            Assert.Equal(Math.Atanh(Math.Sqrt(rho)), steps[i].Gamma, 12);
            Assert.Equal(1 + 1 / (1 - rho), steps[i].Y, 12);
        }
        var other = new FocusingProtocol.PseudoReinforcement(0.5, 0.1, 0.5, X: 0.25).Steps().Single();
        Assert.Equal(Math.Atanh(Math.Pow(0.5, 0.25)), other.Gamma, 12);
        Assert.Equal(1 + Math.Pow(0.5, 0.5) / 0.5, other.Y, 12);
    }

    [Fact]
    public void Scoping_GeometricGammaAtFixedY()
    {
        var steps = new FocusingProtocol.Scoping(0.1, 10, 3, 5).Steps();
        Assert.Equal([0.1, 1.0, 10.0], steps.Select(s => Math.Round(s.Gamma, 12)));
        Assert.All(steps, s => Assert.Equal(5, s.Y));
    }

    [Fact]
    public void FreeScoping_ReturnsItsList_AndValidates()
    {
        FocusingStep[] list = [new(0.5, 2), new(1, 3)];
        Assert.Equal(list, new FocusingProtocol.FreeScoping(list).Steps());
        Assert.Throws<ArgumentException>(() => new FocusingProtocol.FreeScoping([]).Steps());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FocusingProtocol.FreeScoping([new(1, 0.5)]).Steps());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FocusingProtocol.StandardReinforcement(0, 0.1, 1.0).Steps());
    }
}

public class FocusFieldTests
{
    [Theory]
    [InlineData(0.3, 2.0)]
    [InlineData(-1.2, 5.0)]
    [InlineData(4.0, 1.5)]
    public void InfiniteGamma_IsReinforcement(double field, double y) =>
        Assert.Equal((y - 1) * field, FocusingBeliefPropagation.FocusField(field, double.PositiveInfinity, y), 12);

    [Theory]
    [InlineData(0.3, 0.7)]
    [InlineData(-0.05, 1.3)]
    [InlineData(2.0, 0.2)]
    public void LargeY_IsSignTimesGamma(double field, double gamma)
    {
        double limit = Math.Sign(field) * gamma;
        Assert.Equal(limit, FocusingBeliefPropagation.FocusField(field, gamma, 1e7), 6);
    }

    [Theory]
    [InlineData(0.4, 0.9, 3.0)]
    [InlineData(-2.5, 0.3, 7.0)]
    [InlineData(1e-3, 3.0, 1.5)]
    public void MatchesTheDefinition(double field, double gamma, double y)
    {
        double m = Math.Tanh(field);
        double expected = Math.Atanh(Math.Tanh((y - 1) * Math.Atanh(m * Math.Tanh(gamma))) * Math.Tanh(gamma));
        Assert.Equal(expected, FocusingBeliefPropagation.FocusField(field, gamma, y), 10);
    }

    [Fact]
    public void LargeGamma_ApproachesReinforcement_AndStaysFinite()
    {
        Assert.Equal(0.5 * 3, FocusingBeliefPropagation.FocusField(0.5, 40, 4), 9);
        Assert.True(double.IsFinite(FocusingBeliefPropagation.FocusField(25, 25, 1e6)));
        Assert.Equal(0, FocusingBeliefPropagation.FocusField(0.7, 0, 5));
        Assert.Equal(0, FocusingBeliefPropagation.FocusField(0.7, 3, 1));
    }
}

public class FocusingSolverTests
{
    [Theory]
    [InlineData("fbp")]
    [InlineData("bp-r")]
    public void Solve_EasyInstance_FindsVerifiedSolution(string name)
    {
        Perceptron problem = PerceptronGenerator.Random(201, 80, new Rng(2));
        var options = new FocusingBeliefPropagationOptions
        {
            Protocol = name == "fbp" ? new FocusingProtocol.PseudoReinforcement() : new FocusingProtocol.StandardReinforcement(),
        };
        var solver = new FocusingBeliefPropagation(options);
        SolveResult r = solver.Solve(problem, new Rng(1));
        Assert.Equal(name, solver.Name);
        Assert.Equal(StopReason.Solved, r.StopReason);
        Assert.Equal(0, problem.Errors(r.Best));
    }

    [Fact]
    public void Solve_SameSeed_SameResult()
    {
        Perceptron problem = PerceptronGenerator.Random(101, 60, new Rng(3));
        var options = new FocusingBeliefPropagationOptions { Limits = new SolverLimits { MaxIterations = 15 } };
        SolveResult a = new FocusingBeliefPropagation(options).Solve(problem, new Rng(5));
        SolveResult b = new FocusingBeliefPropagation(options).Solve(problem, new Rng(5));
        Assert.Equal(a.Best, b.Best);
        Assert.Equal(a.Iterations, b.Iterations);
    }

    [Fact]
    public void Solve_BeyondCapacity_RunsTheProtocolMaxRunsTimesFromFreshStarts()
    {
        // α = 1.2 is past capacity: every run ends unsolved, and with a tolerance BP never meets, run r spends r sweeps
        // on each of the 4 protocol steps: 4 + 8 + 12 sweeps.
        Perceptron problem = PerceptronGenerator.Random(61, 73, new Rng(8));
        FocusingStep[] steps = [new(0.5, 2), new(1, 3), new(2, 5), new(4, 9)];
        var options = new FocusingBeliefPropagationOptions
        {
            Protocol = new FocusingProtocol.FreeScoping(steps),
            MaxRuns = 3,
            Bp = new BeliefPropagationOptions { MaxIterations = 1, Tolerance = 1e-300, Damping = 0.5 },
        };

        SolveResult r = new FocusingBeliefPropagation(options).Solve(problem, new Rng(9));

        Assert.Equal(StopReason.MaxIterations, r.StopReason);
        Assert.Equal(24, r.Iterations);
        Assert.Equal(2, r.Restarts);
        Assert.Equal(problem.Errors(r.Best), r.Errors);
        Assert.Throws<ArgumentOutOfRangeException>(() => (options with { MaxRuns = 0 }).Validate());
    }
}
