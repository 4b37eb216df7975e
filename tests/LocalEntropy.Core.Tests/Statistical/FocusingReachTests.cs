using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.Statistical;

/// <summary>
/// Focusing BP on the anchor instances of ALGORITHMS.md: the committee machine N = 321, K = 5, α = 0.3 and the
/// perceptron N = 1001, α = 0.7. Budgets are in BP sweeps (the protocol's length), not seconds. Under CI=true each
/// test runs on one instance.
/// </summary>
[Trait("Category", "Slow")]
public class FocusingReachTests
{
    [Fact]
    public void Committee_N321_K5_Alpha03_SolvesFourInFive()
    {
        int instances = SlowTests.Instances(5), solved = 0;
        var fbp = new FocusingBeliefPropagation(new FocusingBeliefPropagationOptions());
        for (ulong seed = 1; seed <= (ulong)instances; seed++)
        {
            CommitteeMachine c = CommitteeGenerator.Random(321, 5, CommitteeGenerator.PatternCount(321, 5, 0.3), false, new Rng(seed).Fork(0));
            SolveResult r = fbp.Solve(c, new Rng(seed).Fork(1));
            Assert.Equal(c.Errors(r.Best), r.Errors);
            if (r.Solved) solved++;
        }
        Assert.True(solved >= instances * 4 / 5, $"fbp solved {solved}/{instances} committees");
    }

    [Fact]
    public void Perceptron_N1001_Alpha07_SolvesNineInTen()
    {
        int instances = SlowTests.Instances(10), solved = 0;
        var fbp = new FocusingBeliefPropagation(new FocusingBeliefPropagationOptions());
        for (ulong seed = 1; seed <= (ulong)instances; seed++)
        {
            Perceptron p = PerceptronGenerator.Random(1001, PerceptronGenerator.PatternCount(1001, 0.7), new Rng(seed).Fork(0));
            if (fbp.Solve(p, new Rng(seed).Fork(1)).Solved) solved++;
        }
        Assert.True(solved >= instances * 9 / 10, $"fbp solved {solved}/{instances} perceptrons at α = 0.7");
    }
}
