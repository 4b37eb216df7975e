using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests.MessagePassing;

public class CommitteeBeliefPropagationTests
{
    [Fact]
    public void OneHiddenUnit_GivesThePerceptronMessages()
    {
        var rng = new Rng(3);
        SpinVector[] inputs = [.. Enumerable.Range(0, 30).Select(_ => SpinVector.Random(51, rng))];
        int[] labels = [.. Enumerable.Range(0, 30).Select(_ => rng.NextBool() ? 1 : -1)];
        var options = new BeliefPropagationOptions { Tolerance = 1e-10 };
        var perceptron = new PerceptronBeliefPropagation(new Perceptron(inputs, labels));
        var committee = new CommitteeBeliefPropagation(new CommitteeMachine(1, false, inputs, labels));
        Assert.True(perceptron.Run(options).Converged);
        Assert.True(committee.Run(options).Converged);
        double[] a = perceptron.Marginals(), b = committee.Marginals();
        for (int j = 0; j < 51; j++) Assert.InRange(a[j] - b[j], -1e-9, 1e-9);
    }

    [Fact]
    public void ThreeUnits_EasyInstance_DecisionClassifiesMostPatterns()
    {
        CommitteeMachine c = CommitteeGenerator.Random(101, 3, 60, false, new Rng(5));
        var bp = new CommitteeBeliefPropagation(c);
        Assert.True(bp.Run(new BeliefPropagationOptions { Damping = 0.5, MaxIterations = 500 }).Converged);
        int random = c.Errors(SpinVector.Random(303, new Rng(1)));
        Assert.True(c.Errors(bp.Decision()) < random / 4, $"BP decision errors {c.Errors(bp.Decision())}, random {random}");
    }
}
