using System.CommandLine;
using LocalEntropy.Cli.Output;
using LocalEntropy.Experiments;
using LocalEntropy.IO;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// `lent report`: PNG figures of the runs in a results database (success probability, time to solution, errors
/// left, generalization, against α; time and iterations against N with fitted exponents) and an index.html with the numbers behind them and the commands that reproduce
/// them. The folder is filled all at once: a failure leaves nothing of the new report.
/// </summary>
internal static class ReportCommand
{
    private const string Index = "index.html";

    public static Command Build()
    {
        var command = new Command("report", "PNG plots and an HTML page of the runs in a results database, with the commands that reproduce them");
        var db = new Option<string>("--db") { Description = "results database (a SQLite file written by lent sweep)", DefaultValueFactory = _ => "results.sqlite" };
        var sweep = new Option<string?>("--sweep") { Description = "report this sweep only (its --name); default: every sweep in the database" };
        var output = new Option<string>("--out") { Description = "folder for index.html and the figures (created when missing; its parent must exist)", DefaultValueFactory = _ => "report" };
        command.Options.Add(db);
        command.Options.Add(sweep);
        command.Options.Add(output);
        command.SetAction(parsed => Run(parsed.GetValue(db)!, parsed.GetValue(sweep), parsed.GetValue(output)!));
        return command;
    }

    private static int Run(string database, string? sweep, string output)
    {
        IReadOnlyList<ReportSection> sections = Read(database, sweep);
        string reportCommand = string.Join(' ', new[] { "lent", "report", "--db", database }
            .Concat(sweep is null ? [] : ["--sweep", sweep]).Concat(["--out", output]).Select(ShellWords.Quote));
        string[] stems = Stems(sections);
        AtomicFolder.Write(output, folder =>
        {
            SectionPage[] pages = [.. sections.Select((s, i) => Render(folder, stems[i], s, database))];
            AtomicFile.Write(Path.Combine(folder, Index), w => ReportPage.Write(w, database, reportCommand, LentApp.Version, pages));
        }, Index);
        Console.Out.WriteLine($"report of {sections.Sum(s => s.Runs.Count)} runs written to {Path.Combine(output, Index)}");
        return LentApp.Ok;
    }

    /// <summary>The sections to report; a store that cannot be read, holds no runs or lacks the sweep is bad input.</summary>
    private static IReadOnlyList<ReportSection> Read(string database, string? sweep)
    {
        using IRunStore store = RunStores.Open(database, readOnly: true);
        RunTable table = store.Runs(sweep);
        if (table.Rows.Count == 0)
        {
            if (sweep is null) throw new StoreException($"{database}: no runs stored");
            RunTable all = store.Runs();
            int column = all.Columns.ToList().IndexOf("sweep");
            string[] names = [.. all.Rows.Select(r => (string)r[column]!).Distinct()];
            throw new UsageException($"--sweep: no sweep '{sweep}' in {database}" + (names.Length == 0 ? ", which holds no runs" : $"; it holds {string.Join(", ", names)}"));
        }
        try
        {
            return ReportSection.Of(StoredRun.Read(table), SolverCatalog.Names);
        }
        catch (FormatException e)
        {
            throw new StoreException($"{database}: cannot read the stored runs: {e.Message}", e);
        }
    }

    /// <summary>Draws the figures of one section into <paramref name="folder"/>.</summary>
    private static SectionPage Render(string folder, string stem, ReportSection section, string database)
    {
        var theory = ReportTheory.For(section);
        var figures = new List<ReportFigure>();
        string File(string name) => Path.Combine(folder, $"{stem}-{name}.png");

        ReportFigures.SuccessProbability(File("success"), section, theory.AlphaC);
        figures.Add(new($"{stem}-success.png", "Success probability against α",
            "The fraction of runs that found a solution (no training error), with its 95 % Wilson interval; one panel per algorithm, one line per N." +
            (theory.AlphaC is null ? "" : " Dashed: α_c, where the replica-symmetric entropy of the binary perceptron vanishes (its capacity).")));

        ReportFigures.MedianTime(File("time"), section);
        figures.Add(new($"{stem}-time.png", "Median time to solution against α",
            "Wall time of the solved runs (log scale): the median, with bars from the lower to the upper quartile; how many runs solved is in the table. " +
            "A load where no run solved has no point. Times depend on the machine and on what else it was running."));

        IReadOnlyList<ScalingLaw> scaling = ScalingLaw.Of(section);
        if (scaling.Count > 0)
        {
            ReportFigures.Scaling(File("scaling"), section, scaling);
            figures.Add(new($"{stem}-scaling.png", "Median time and iterations to solution against N",
                "Log-log: the median wall time (left) and the median iterations (right; the algorithm's own unit: sweeps of sa and rmc, " +
                "epochs of rsgd, BP sweeps of fbp and bp-r, AMP iterations of famp, proposals of edmc) of the solved runs, with bars from the lower to the upper quartile; " +
                "one line per series and α. Dashed: the power law c·N^b fitted by least squares to log(median) against log N over the sizes where at least half " +
                "of the runs solved (there the median time to solution, counting a run that did not solve as infinitely slow, is set by solved runs); " +
                "the legend gives b ± its standard error, the table below the sizes used. A size where no run solved has no point."));
        }

        if (section.Runs.Any(r => !r.Solved))
        {
            ReportFigures.ErrorsLeft(File("errors"), section);
            figures.Add(new($"{stem}-errors.png", "Training errors left by the unsolved runs",
                "Each circle is a run that did not solve within its budget, at the training errors of the best weights it returned; the line joins their means."));
        }
        if (section.Runs.Any(r => r.Solved && r.GeneralizationError is not null))
        {
            ReportFigures.Generalization(File("generalization"), section, theory);
            figures.Add(new($"{stem}-generalization.png", "Generalization error of the solutions against α",
                "Mean over the solved runs of the fraction of inputs on which the solution and the teacher disagree, ± one standard error. " +
                "Dashed: ε_g(α) of Gibbs learning (a typical solution) from the replica theory, up to the end of its poor-generalization branch, and the transition α."));
        }
        return new SectionPage(section, SweepCommandLine.Of(section, database), figures, theory, scaling);
    }

    /// <summary>File-name stems, one per section: the sweep's name (plus the kind of instance when a sweep has several), made safe and unique.</summary>
    private static string[] Stems(IReadOnlyList<ReportSection> sections)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return [.. sections.Select(s =>
        {
            string name = sections.Count(o => o.Sweep == s.Sweep) == 1 ? s.Sweep : $"{s.Sweep}-{s.Problem}{(s.Teacher ? "-teacher" : "")}-k{s.K}";
            string stem = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')).TrimStart('.');
            if (stem.Length == 0) stem = "sweep";
            string unique = stem;
            for (int i = 2; !used.Add(unique); i++) unique = $"{stem}-{i}";
            return unique;
        })];
    }
}
