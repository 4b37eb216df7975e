using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.KSat;

public class KSatBeliefPropagationTests
{
    private static readonly BeliefPropagationOptions Converge = new() { Tolerance = 1e-12, MaxIterations = 10_000 };

    /// <summary>Exact log Σ_{x solves} e^{Σ h x} and ⟨x_i⟩ by listing every assignment.</summary>
    private static (double LogZ, double[] Magnetizations) Enumerate(int n, int[][] clauses, double[] h)
    {
        double z = 0;
        var m = new double[n];
        for (int c = 0; c < 1 << n; c++)
        {
            bool ok = clauses.All(clause => clause.Any(l => (((c >> (Math.Abs(l) - 1)) & 1) == 1) == (l > 0)));
            if (!ok) continue;
            double w = Math.Exp(Enumerable.Range(0, n).Sum(i => h[i] * (((c >> i) & 1) == 1 ? 1 : -1)));
            z += w;
            for (int i = 0; i < n; i++) m[i] += w * (((c >> i) & 1) == 1 ? 1 : -1);
        }
        return (Math.Log(z), [.. m.Select(v => v / z)]);
    }

    [Fact]
    public void OnATree_FreeEntropyAndMarginals_AreExact()
    {
        // Clauses chained through one shared variable each, plus a pendant clause: the factor graph has no loop.
        int[][] clauses = [[1, -2, 3], [-3, 4, 5], [-5, -6, 7], [7, 8, -9], [4, -10], [-1, 11, 12]];
        var rng = new Rng(1);
        double[] h = [.. Enumerable.Range(0, 12).Select(_ => rng.NextGaussian() * 0.7)];
        var bp = new KSatBeliefPropagation(new Problems.KSat(12, clauses));
        for (int i = 0; i < 12; i++) bp.SetExternalField(i, h[i]);

        Assert.True(bp.Run(Converge).Converged);

        (double logZ, double[] m) = Enumerate(12, clauses, h);
        Assert.Equal(logZ, bp.FreeEntropy(), 9);
        double[] marginals = bp.Marginals();
        for (int i = 0; i < 12; i++) Assert.Equal(m[i], marginals[i], 9);
    }

    [Fact]
    public void OnRandomFormulas_FreeEntropyIsCloseToTheLogCount()
    {
        for (ulong seed = 2; seed <= 6; seed++)
        {
            const int n = 16;
            Problems.KSat f = KSatGenerator.Random(n, KSatGenerator.ClauseCount(n, 2.5), 3, new Rng(seed));
            int[][] clauses = [.. Enumerable.Range(0, f.M).Select(c => f.Clause(c).ToArray())];
            var bp = new KSatBeliefPropagation(f);
            bp.Run(new BeliefPropagationOptions { Tolerance = 1e-10, MaxIterations = 5000, Damping = 0.3 });

            double exact = Enumerate(n, clauses, new double[n]).LogZ;

            Assert.True(Math.Abs(bp.FreeEntropy() - exact) / n < 0.05, $"seed {seed}: Bethe {bp.FreeEntropy() / n:F4} vs exact {exact / n:F4} per variable");
        }
    }

    [Fact]
    public void WithNoClauseRelyingOnAnyone_FreeEntropyIsTheFieldsAlone()
    {
        var bp = new KSatBeliefPropagation(new Problems.KSat(3, [[1, 2, 3]]));
        bp.SetExternalField(0, 0.4);
        // Before any sweep every δ is 0: Φ = Σ ln 2cosh h + ln(1 − 1/8 tilted) − 0.
        double eta0 = 1 / (1 + Math.Exp(0.8)), product = eta0 * 0.25;
        Assert.Equal(Math.Log(2 * Math.Cosh(0.4)) + 2 * Math.Log(2) + Math.Log(1 - product), bp.FreeEntropy(), 12);
    }

    [Fact]
    public void Rollback_RestoresTheCheckpointExactly()
    {
        Problems.KSat f = KSatGenerator.Random(40, 150, 3, new Rng(7));
        var bp = new KSatBeliefPropagation(f);
        bp.Randomize(new Rng(8), 0.5);
        bp.Sweep(Converge);
        bp.Checkpoint();
        double phi = bp.FreeEntropy();
        double[] m = bp.Marginals();

        bp.SetExternalField(3, 2.0);
        bp.Sweep(Converge);
        Assert.NotEqual(phi, bp.FreeEntropy());
        bp.Rollback();

        Assert.Equal(phi, bp.FreeEntropy());
        Assert.Equal(m, bp.Marginals());
    }

    [Fact]
    public void EntropyDrivenMonteCarlo_SolvesRandom3Sat()
    {
        Problems.KSat f = KSatGenerator.Random(200, KSatGenerator.ClauseCount(200, 3.0), 3, new Rng(9));
        var edmc = new EntropyDrivenMonteCarlo(new EntropyDrivenMonteCarloOptions { Limits = new SolverLimits { MaxIterations = 20_000 } });

        SolveResult r = edmc.Solve(f, new Rng(10));

        Assert.True(r.Solved, $"{r.Errors} clauses left after {r.Iterations} proposals");
        Assert.Equal(0, f.Errors(r.Best));
    }
}
