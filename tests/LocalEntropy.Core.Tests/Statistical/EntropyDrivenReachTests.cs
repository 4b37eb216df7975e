using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.Statistical;

/// <summary>
/// EdMC on the seed's instance, the perceptron N = 801, α = 0.3, with five minutes per instance. Under CI=true the
/// test runs on one instance.
/// </summary>
[Trait("Category", "Slow")]
public class EntropyDrivenReachTests
{
    [Fact]
    public void Perceptron_N801_Alpha03_SolvesFourInFive()
    {
        int instances = SlowTests.Instances(5), solved = 0;
        var edmc = new EntropyDrivenMonteCarlo(new EntropyDrivenMonteCarloOptions { Limits = new SolverLimits { TimeLimit = TimeSpan.FromMinutes(5) } });
        for (ulong seed = 1; seed <= (ulong)instances; seed++)
        {
            Perceptron p = PerceptronGenerator.Random(801, PerceptronGenerator.PatternCount(801, 0.3), new Rng(seed).Fork(0));
            SolveResult r = edmc.Solve(p, new Rng(seed).Fork(1));
            Assert.Equal(p.Errors(r.Best), r.Errors);
            if (r.Solved) solved++;
        }
        Assert.True(solved >= instances * 4 / 5, $"edmc solved {solved}/{instances} at N = 801, α = 0.3");
    }
}
