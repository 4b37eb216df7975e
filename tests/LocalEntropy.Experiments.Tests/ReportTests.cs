using LocalEntropy.Solvers;

namespace LocalEntropy.Experiments.Tests;

public class ReportTests
{
    internal static StoredRun Run(string algorithm, double alpha, bool solved, double seconds = 1, int errors = 0, string settings = "", int n = 41, long iterations = 10) =>
        new("s", "perceptron", n, 1, (int)Math.Round(alpha * n), alpha, false, algorithm, 1, solved, solved ? 0 : errors, iterations, seconds, null,
            SolveCommandLine.Parse($"lent solve --n {n} --alpha {alpha} --seed 1 -a {algorithm} --chains 1 --threads 1 --max-seconds 60 {settings}"),
            "1.0.0+test", "host", "2026-01-02T03:04:05.000Z", "2026-01-02T03:04:06.000Z");

    [Theory]
    [InlineData(0, 10, 0, 0.27753)]
    [InlineData(10, 10, 0.72247, 1)]
    [InlineData(5, 10, 0.23659, 0.76341)]
    [InlineData(1, 1, 0.20655, 1)]
    public void Wilson_KnownCases_MatchTheClosedForm(int successes, int trials, double lower, double upper)
    {
        BinomialInterval i = BinomialInterval.Wilson(successes, trials);

        Assert.Equal(lower, i.Lower, 5);
        Assert.Equal(upper, i.Upper, 5);
    }

    [Fact]
    public void Quartiles_InterpolateBetweenOrderStatistics()
    {
        Assert.Equal(new Quartiles(1.75, 2.5, 3.25), Quartiles.Of([4, 1, 3, 2]));
        Assert.Equal(new Quartiles(7, 7, 7), Quartiles.Of([7]));
        Assert.Null(Quartiles.Of([]));
    }

    [Fact]
    public void CellStatistics_TimesFromSolvedRuns_ErrorsFromTheOthers()
    {
        CellStatistics c = CellStatistics.Of(
            [Run("sa", 0.5, true, 2, iterations: 100), Run("sa", 0.5, true, 4, iterations: 300), Run("sa", 0.5, false, 60, 3, iterations: 9000), Run("sa", 0.5, false, 60, 8, iterations: 9000)]);

        Assert.Equal((4, 2, 0.5), (c.Runs, c.Solved, c.Success));
        Assert.Equal(new Quartiles(2.5, 3, 3.5), c.SolvedSeconds);
        Assert.Equal(new Quartiles(150, 200, 250), c.SolvedIterations);
        Assert.Equal([3, 8], c.ErrorsLeft);
        Assert.Equal(5.5, c.MeanErrorsLeft);
        Assert.Null(c.GeneralizationError);
    }

    [Fact]
    public void Sections_OneAlgorithmRunTwoWays_LabelsItsSeriesByWhatDiffersInAFixedOrder()
    {
        StoredRun[] runs =
        [
            Run("rmc", 0.5, false, settings: "--set Replicas=5 --set Beta=linear:0.5:3"), Run("sa", 0.5, true),
            Run("rmc", 0.5, true, settings: "--set Replicas=3 --set Beta=linear:0.5:3"), Run("rmc", 0.7, false, settings: "--set Replicas=5 --set Beta=linear:0.5:3"),
        ];

        ReportSection section = Assert.Single(ReportSection.Of(runs, ["sa", "rmc"]));

        Assert.Equal(["sa", "rmc Replicas=3", "rmc Replicas=5"], section.Series.Select(s => s.Label));
        Assert.Equal([0.5, 0.7], section.Series[2].Cells.Select(c => c.Alpha));
        Assert.True(section.RandomPerceptron);
    }

    [Fact]
    public void SolveCommandLine_ForASweepPoint_ReadsBack()
    {
        Setting[] settings = [new("Beta", "linear:0.5:3", "--set"), new("Gamma", "it's odd", "--set")];
        var point = new SweepPoint(
            new PointRecipe("s", new InstanceSpec(ProblemKind.Perceptron, 41, 1, 0.5, false, 3), "rmc", 2, settings, new RunConfig()),
            new ReplicatedMonteCarloOptions());

        string command = SolveCommandLine.For(point, 3, 12.5, 400);
        SolveCommandLine read = SolveCommandLine.Parse(command);

        Assert.Equal("lent solve --n 41 --alpha 0.5 --seed 3 -a rmc --chains 2 --threads 3 --max-seconds 12.5 --max-iterations 400 --set Beta=linear:0.5:3 --set 'Gamma=it'\\''s odd'", command);
        Assert.Equal(("rmc", 2, 3, 12.5, (long?)400), (read.Algorithm, read.Chains, read.Threads, read.MaxSeconds, read.MaxIterations));
        Assert.Equal(settings, read.Settings);
    }

    [Theory]
    [InlineData("lent solve --n 41 --alpha 0.5 --seed 1 --chains 1 --max-seconds 60", "no '-a ALGORITHM'")]
    [InlineData("lent solve --n 41 --alpha 0.5 --seed 1 -a sa --chains 1 --threads 1", "no --max-seconds")]
    [InlineData("lent solve --n 41 --alpha 0.5 --seed 1 -a sa --chains x --max-seconds 60", "--chains 'x' is not a number")]
    [InlineData("lent solve --n 41 --alpha 0.5 --seed 1 -a sa --max-seconds 60 --bogus 1", "unexpected '--bogus'")]
    [InlineData("lent solve --n 41 --alpha 0.5 --seed 1 -a sa --max-seconds", "--max-seconds without a value")]
    public void SolveCommandLine_Malformed_SaysWhat(string command, string message)
    {
        var e = Assert.Throws<FormatException>(() => SolveCommandLine.Parse(command));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("two words")]
    [InlineData("it's")]
    [InlineData("")]
    [InlineData("x='y' \\z")]
    public void ShellWords_SplitReadsBackWhatQuoteWrites(string word)
    {
        Assert.Equal(["a", word, "b"], ShellWords.Split($"a {ShellWords.Quote(word)} b"));
    }

    [Fact]
    public void RunStores_UnknownUrlScheme_IsRefusedByName()
    {
        var e = Assert.Throws<StoreException>(() => RunStores.Open("mysql://host/db"));

        Assert.Contains("no store for 'mysql://' URLs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunStores_ReadOnlyMissingFile_IsRefusedAndNotCreated()
    {
        using var dir = new TempDir();
        string db = dir.File("none.sqlite");

        var e = Assert.Throws<StoreException>(() => RunStores.Open(db, readOnly: true));

        Assert.Contains("no such results database", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }
}
