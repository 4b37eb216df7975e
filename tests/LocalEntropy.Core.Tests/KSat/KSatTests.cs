using LocalEntropy.IO;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.KSat;

public class KSatTests
{
    /// <summary>Independent check: a clause is violated when none of its literals holds (plain loops over the DIMACS integers).</summary>
    private static int Violated(IReadOnlyList<int[]> clauses, SpinVector assignment) =>
        clauses.Count(clause => !clause.Any(l => (assignment[Math.Abs(l) - 1] > 0) == (l > 0)));

    private static List<int[]> ClausesOf(Problems.KSat f) => [.. Enumerable.Range(0, f.M).Select(c => f.Clause(c).ToArray())];

    [Fact]
    public void Generator_DrawsKDistinctVariablesPerClause_AndRepeatsWithTheSeed()
    {
        Problems.KSat a = KSatGenerator.Random(50, KSatGenerator.ClauseCount(50, 4.2), 3, new Rng(1));
        Problems.KSat b = KSatGenerator.Random(50, 210, 3, new Rng(1));
        Assert.Equal(210, a.M);
        Assert.All(ClausesOf(a), c => Assert.Equal(3, c.Select(Math.Abs).Distinct().Count()));
        Assert.Equal(ClausesOf(a), ClausesOf(b));
        // Signs are fair: about half of the 630 literals are negated.
        int negative = ClausesOf(a).Sum(c => c.Count(l => l < 0));
        Assert.InRange(negative, 315 - 60, 315 + 60);
    }

    [Theory]
    [InlineData(3, 4.0, 1UL)]
    [InlineData(5, 15.0, 2UL)]
    [InlineData(2, 1.0, 3UL)]
    public void DeltaEnergy_AfterRandomFlips_EqualsRecomputedEnergy(int k, double alpha, ulong seed)
    {
        var rng = new Rng(seed);
        Problems.KSat f = KSatGenerator.Random(60, KSatGenerator.ClauseCount(60, alpha), k, rng);
        List<int[]> clauses = ClausesOf(f);
        IFlipState state = f.CreateState(SpinVector.Random(60, rng), MoveEnergy.Errors);
        for (int t = 0; t < 3000; t++)
        {
            int j = rng.NextInt(60);
            int before = Violated(clauses, state.Configuration);
            int delta = state.DeltaEnergy(j);
            state.Flip(j);
            int after = Violated(clauses, state.Configuration);
            Assert.Equal(after - before, delta);
            Assert.Equal(after, state.Errors);
        }
    }

    [Fact]
    public void MakeAndBreakCounts_MatchTheirDefinition()
    {
        var rng = new Rng(4);
        Problems.KSat f = KSatGenerator.Random(40, 170, 3, rng);
        List<int[]> clauses = ClausesOf(f);
        var state = (KSatFlipState)f.CreateState(SpinVector.Random(40, rng), MoveEnergy.Errors);
        for (int t = 0; t < 500; t++)
        {
            state.Flip(rng.NextInt(40));
            SpinVector a = state.Configuration;
            for (int v = 0; v < 40; v++)
            {
                int occursUnsat = clauses.Count(c => c.Any(l => Math.Abs(l) - 1 == v) && !c.Any(l => (a[Math.Abs(l) - 1] > 0) == (l > 0)));
                int alone = clauses.Count(c => c.Count(l => (a[Math.Abs(l) - 1] > 0) == (l > 0)) == 1 && c.Any(l => Math.Abs(l) - 1 == v && (a[v] > 0) == (l > 0)));
                Assert.Equal(occursUnsat, state.Make(v));
                Assert.Equal(alone, state.Break(v));
            }
            var listed = Enumerable.Range(0, state.ViolatedCount).Select(state.ViolatedClause).Order();
            var expected = Enumerable.Range(0, f.M).Where(c => !clauses[c].Any(l => (a[Math.Abs(l) - 1] > 0) == (l > 0)));
            Assert.Equal(expected, listed);
        }
    }

    [Fact]
    public void RepeatedLiteralsAndTautologies_KeepTheCountsRight()
    {
        var f = new Problems.KSat(3, [[1, 1, -2], [2, -2], [-3, 1, -3], [3]]);
        Assert.Equal([1, -2], f.Clause(0).ToArray());
        var rng = new Rng(5);
        IFlipState state = f.CreateState(SpinVector.Random(3, rng), MoveEnergy.Errors);
        List<int[]> clauses = [[1, -2], [2, -2], [-3, 1], [3]];
        for (int t = 0; t < 200; t++)
        {
            int j = rng.NextInt(3);
            int delta = state.DeltaEnergy(j), before = state.Errors;
            state.Flip(j);
            Assert.Equal(Violated(clauses, state.Configuration), state.Errors);
            Assert.Equal(state.Errors - before, delta);
        }
    }

    [Fact]
    public void Dimacs_RoundTrips()
    {
        Problems.KSat f = KSatGenerator.Random(30, 120, 4, new Rng(6));
        var writer = new StringWriter();
        DimacsFile.Write(f, writer, ["random 4-SAT"]);
        Problems.KSat read = DimacsFile.Parse(writer.ToString().Split('\n'), "f.cnf");
        Assert.Equal((f.N, f.M), (read.N, read.M));
        Assert.Equal(ClausesOf(f), ClausesOf(read));
    }

    [Fact]
    public void Dimacs_ToleratesCommentsSplitClausesAndBenchmarkTrailers()
    {
        string[] lines = ["c a comment", "p cnf 3 3", "1 -2", " 3 0 -1", "0 2 3 0", "c late comment", "%", "0", ""];
        Problems.KSat f = DimacsFile.Parse(lines, "uf.cnf");
        Assert.Equal([[1, -2, 3], [-1], [2, 3]], ClausesOf(f));
    }

    [Theory]
    [InlineData("1 2 0\n", 1, "before the 'p cnf N M' header")]
    [InlineData("p cnf 3\n1 0\n", 1, "malformed header")]
    [InlineData("p cnf x 1\n1 0\n", 1, "'x'")]
    [InlineData("p cnf 3 2\n1 2 0\n", 1, "declares 2 clauses, the file has 1")]
    [InlineData("p cnf 3 1\n1 2 0\n3 0\n", 1, "declares 1 clauses, the file has 2")]
    [InlineData("p cnf 3 1\n1 4 0\n", 2, "literal 4 is out of range")]
    [InlineData("p cnf 3 1\n1 2\n", 2, "does not end with 0")]
    [InlineData("p cnf 3 1\n1 two 0\n", 2, "'two' is not an integer")]
    [InlineData("p cnf 3 1\n0\n", 2, "empty clause")]
    [InlineData("p cnf 3 1\np cnf 3 1\n1 0\n", 2, "second header")]
    [InlineData("c nothing\n", 0, "no 'p cnf N M' header")]
    [InlineData("p cnf 3 1\n1 0\n%\n0\n5 0\n", 5, "after the '%' end marker")]
    public void Dimacs_MalformedFiles_NameTheLine(string content, int line, string detail)
    {
        var e = Assert.Throws<InstanceFormatException>(() => DimacsFile.Parse(content.Split('\n'), "bad.cnf"));
        Assert.Equal(line, e.Line);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.cnf", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WalkSatHeuristic.ProbSat)]
    [InlineData(WalkSatHeuristic.Skc)]
    public void WalkSat_SolvesRandom3Sat_AndTheAssignmentChecks(WalkSatHeuristic heuristic)
    {
        Problems.KSat f = KSatGenerator.Random(500, KSatGenerator.ClauseCount(500, 3.8), 3, new Rng(7));
        var solver = new WalkSat(new WalkSatOptions { Heuristic = heuristic, Limits = new SolverLimits { MaxIterations = 20_000 } });

        SolveResult r = solver.Solve(f, new Rng(8));

        Assert.True(r.Solved, $"{r.Errors} clauses left");
        Assert.Equal(0, Violated(ClausesOf(f), r.Best));
    }

    [Fact]
    public void WalkSat_IsReproducibleWithTheSeed()
    {
        Problems.KSat f = KSatGenerator.Random(300, 1200, 3, new Rng(9));
        var solver = new WalkSat(new WalkSatOptions());
        SolveResult a = solver.Solve(f, new Rng(10)), b = solver.Solve(f, new Rng(10));
        Assert.Equal(a.Best, b.Best);
        Assert.Equal(a.Iterations, b.Iterations);
    }

    [Fact]
    public void Annealing_RunsOnAFormula_ThroughTheFlipInterface()
    {
        Problems.KSat f = KSatGenerator.Random(200, 600, 3, new Rng(11));
        // Clauses cost 1 each: the schedule must go colder than the perceptron hinge default to freeze out the last ones.
        var sa = new SimulatedAnnealing(new SimulatedAnnealingOptions { Energy = MoveEnergy.Errors, Beta = Ramp.Geometric(0.3, 6), Limits = new SolverLimits { MaxIterations = 20_000 } });
        SolveResult r = sa.Solve(f, new Rng(12));
        Assert.True(r.Solved, $"{r.Errors} clauses left");
        Assert.Equal(0, Violated(ClausesOf(f), r.Best));
        Assert.Throws<ArgumentException>(() => f.CreateState(new SpinVector(200), MoveEnergy.Hinge(1)));
    }
}
