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

    [Fact]
    public void OneHiddenUnit_FreeEntropyIsThePerceptrons()
    {
        var rng = new Rng(4);
        SpinVector[] inputs = [.. Enumerable.Range(0, 20).Select(_ => SpinVector.Random(41, rng))];
        int[] labels = [.. Enumerable.Range(0, 20).Select(_ => rng.NextBool() ? 1 : -1)];
        var options = new BeliefPropagationOptions { Tolerance = 1e-12 };
        var perceptron = new PerceptronBeliefPropagation(new Perceptron(inputs, labels));
        var committee = new CommitteeBeliefPropagation(new CommitteeMachine(1, false, inputs, labels));
        for (int j = 0; j < 41; j++)
        {
            perceptron.SetExternalField(j, 0.1 * (j % 5 - 2));
            committee.SetExternalField(j, 0.1 * (j % 5 - 2));
        }
        Assert.True(perceptron.Run(options).Converged);
        Assert.True(committee.Run(options).Converged);
        Assert.Equal(perceptron.FreeEntropy(), committee.FreeEntropy(), 1e-8);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Bethe_SmallTreeCommittee_CloseToLogExactCount(ulong seed)
    {
        // Tree committee, K = 3 units of 7 inputs (21 synapses), P = 4: Φ/21 against log(#solutions)/21 by enumeration
        // (measured gaps 0.006–0.008 nats; a wrong log Z_μ of order log 2 per pattern would be off by 0.13).
        CommitteeMachine c = CommitteeGenerator.Random(7, 3, 4, true, new Rng(seed));
        var bp = new CommitteeBeliefPropagation(c);
        bp.Run(new BeliefPropagationOptions { Tolerance = 1e-10, Damping = 0.5, MaxIterations = 5000 });
        long count = 0;
        var w = new SpinVector(21);
        for (long code = 0; code < 1L << 21; code++)
        {
            for (int s = 0; s < 21; s++) w[s] = ((code >> s) & 1) == 1 ? 1 : -1;
            if (c.Errors(w) == 0) count++;
        }
        double exact = Math.Log(count) / 21, bethe = bp.FreeEntropy() / 21;
        Assert.InRange(bethe - exact, -0.03, 0.03);
    }
}
