using LocalEntropy.Core.Tests.Statistical;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.Committee;

public class CommitteeReplicatedSgdTests
{
    [Fact]
    public void Step_MovesTheFewestWrongUnitsThatTurnTheVote_SmallestFieldsFirst()
    {
        var rng = new Rng(1);
        CommitteeMachine c = CommitteeGenerator.Random(15, 5, 40, false, rng);
        var rule = new CommitteeRule(c);
        var weights = SpinVector.Random(75, rng);
        int[] batch = [.. Enumerable.Range(0, 40)];
        var hidden = new float[128];
        const float eta = 0.5f;

        rule.Step(weights, batch, eta, 0, hidden);

        // Naive: every misclassified pattern, fields from the weights as they were, units by |h| ascending.
        var expected = new float[128];
        foreach (int mu in batch)
        {
            int[] h = [.. Enumerable.Range(0, 5).Select(k => Enumerable.Range(0, 15).Sum(j => weights[k * 15 + j] * c.Label(mu) * c.Input(mu)[j]))];
            int vote = h.Sum(Math.Sign);
            if (vote > 0) continue;
            foreach (int k in Enumerable.Range(0, 5).Where(k => h[k] < 0).OrderBy(k => -h[k]).Take((1 - vote) / 2))
            {
                for (int j = 0; j < 15; j++) expected[k * 15 + j] += eta * c.Label(mu) * c.Input(mu)[j];
            }
        }
        Assert.Equal(expected, hidden);
        Assert.Contains(expected, v => v != 0);
    }

    [Fact]
    public void SolvesTheAnchorCommitteeAtAlpha03()
    {
        CommitteeMachine c = CommitteeGenerator.Random(321, 5, CommitteeGenerator.PatternCount(321, 5, 0.3), false, new Rng(1).Fork(0));
        SolveResult r = new ReplicatedSgd(ReplicatedSgdOptions.Committee with { Limits = new SolverLimits { MaxIterations = 3000 } }).Solve(c, new Rng(1).Fork(1));
        Assert.True(r.Solved, $"{r.Errors} errors left after {r.Iterations} epochs");
        Assert.Equal(0, c.Errors(r.Best));
    }

    [Fact]
    public void Margin_IsRefusedForCommittees()
    {
        CommitteeMachine c = CommitteeGenerator.Random(11, 3, 5, false, new Rng(2));
        Assert.Throws<ArgumentException>(() => new ReplicatedSgd(new ReplicatedSgdOptions { Margin = 2 }).Solve(c, new Rng(3)));
    }

    /// <summary>ALGORITHMS.md §3.3 reference: N = 321, K = 5, α = 0.5 with y = 7, batch 80, λ = 0.75, γ step 10⁻³.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void SolvesFourInFiveAnchorCommitteesAtAlpha05()
    {
        int instances = SlowTests.Instances(5), solved = 0;
        var rsgd = new ReplicatedSgd(ReplicatedSgdOptions.Committee with { Limits = new SolverLimits { MaxIterations = 6000 } });
        for (ulong seed = 1; seed <= (ulong)instances; seed++)
        {
            CommitteeMachine c = CommitteeGenerator.Random(321, 5, CommitteeGenerator.PatternCount(321, 5, 0.5), false, new Rng(seed).Fork(0));
            if (rsgd.Solve(c, new Rng(seed).Fork(1)).Solved) solved++;
        }
        Assert.True(solved >= instances * 4 / 5, $"rsgd solved {solved}/{instances} committees at α = 0.5");
    }
}
