using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.Cli.Output;
using LocalEntropy.Theory;
using static System.FormattableString;

namespace LocalEntropy.Cli.Commands;

/// <summary>`lent theory`: replica-theory predictions (Gardner capacity, binary-perceptron entropy, Gibbs learning).</summary>
internal static class TheoryCommand
{

    public static Command Build()
    {
        var theory = new Command("theory", "replica-theory predictions: Gardner capacity, binary-perceptron entropy, teacher-student generalization");
        theory.Subcommands.Add(Capacity());
        theory.Subcommands.Add(Curve(Entropy));
        theory.Subcommands.Add(Curve(Teacher));
        return theory;
    }

    private static Command Capacity()
    {
        var command = new Command("capacity", "Gardner capacity α_c(κ) of the perceptron with continuous spherical weights and margin κ");
        var kappa = new Option<double>("--kappa") { Description = $"margin κ, finite and >= {GardnerCapacity.MinKappa}", DefaultValueFactory = _ => 0 };
        kappa.Validators.Add(r =>
        {
            if (CommonOptions.TryValue(r, out double k) && !(double.IsFinite(k) && k >= GardnerCapacity.MinKappa))
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"--kappa must be a finite number >= {GardnerCapacity.MinKappa}, got {k}"));
        });
        var json = CommonOptions.Json();
        command.Options.Add(kappa);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            double k = parsed.GetValue(kappa), alphaC = GardnerCapacity.AlphaC(k);
            Console.Out.WriteLine(parsed.GetValue(json)
                ? JsonSerializer.Serialize(new { kappa = k, alphaC })
                : string.Create(CultureInfo.InvariantCulture, $"alphaC = {alphaC:G10} at kappa = {k}"));
            return LentApp.Ok;
        });
        return command;
    }

    /// <summary>A saddle point and its quantities in <see cref="CurveSpec.Columns"/> order (the first is the one --plot draws).</summary>
    private sealed record Row(ReplicaPoint Point, double[] Values);

    /// <summary>What `theory entropy` and `theory teacher` differ in: the calculator, its columns and its critical load.</summary>
    private sealed record CurveSpec(
        string Name,
        string Description,
        string[] Columns,
        Func<double, SaddlePointOptions, Row> Solve,
        string RootOption,
        string RootDescription,
        string RootField,
        Func<SaddlePointOptions, CriticalLoad> Root,
        string PlotTitle,
        string PlotLabel);

    private static readonly CurveSpec Entropy = new(
        "entropy",
        "replica-symmetric entropy s(α) of the binary perceptron with random labels and its saddle point (q, q̂)",
        ["entropy", "q", "qHat"],
        (alpha, options) =>
        {
            PerceptronEntropyPoint p = BinaryPerceptronEntropy.Solve(alpha, options);
            return new Row(p, [p.Entropy, p.Q, p.QHat]);
        },
        "--zero",
        "print the load where s(α) vanishes (the capacity, ≈ 0.833) instead",
        "alphaC",
        BinaryPerceptronEntropy.ZeroEntropyAlpha,
        "Binary perceptron, random labels: replica-symmetric entropy",
        "entropy s(α) (nats per weight)");

    private static readonly CurveSpec Teacher = new(
        "teacher",
        "Gibbs learning of a binary teacher by a binary perceptron: generalization error ε_g(α), entropy and overlap q of the poor-generalization branch",
        ["generalizationError", "entropy", "overlap"],
        (alpha, options) =>
        {
            GibbsLearningPoint p = TeacherStudentGibbs.Solve(alpha, options);
            return new Row(p, [p.GeneralizationError, p.Entropy, p.Overlap]);
        },
        "--transition",
        "print the load of the first-order transition to perfect generalization (≈ 1.245) instead",
        "alphaTransition",
        TeacherStudentGibbs.TransitionAlpha,
        "Binary teacher-student perceptron, Gibbs learning",
        "generalization error ε_g");

    private static Command Curve(CurveSpec spec)
    {
        var command = new Command(spec.Name, spec.Description);
        var alpha = CommonOptions.PositiveDouble("--alpha", "load α = P/N of one saddle point");
        var alphas = new Option<string>("--alphas") { Description = "a grid of loads A:B:STEP (A, A + STEP, … up to B) instead of --alpha" };
        var root = new Option<bool>(spec.RootOption) { Description = spec.RootDescription };
        var json = CommonOptions.Json();
        var plot = CommonOptions.OutputFile("--plot", $"write a PNG of the {spec.Columns[0]} curve (with --alphas)");
        var defaults = new SaddlePointOptions();
        var maxIterations = CommonOptions.PositiveInt("--max-iterations", "iteration budget of each saddle point", defaults.MaxIterations);
        var tolerance = CommonOptions.PositiveDouble("--tolerance", "converged when the estimated distance of q to the fixed point is below this", defaults.Tolerance);
        var damping = new Option<double>("--damping") { Description = "fraction of the old q kept at each update, in [0, 1)", DefaultValueFactory = _ => defaults.Damping };
        damping.Validators.Add(r =>
        {
            if (CommonOptions.TryValue(r, out double d) && !(d >= 0 && d < 1))
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"--damping must be in [0, 1), got {d}"));
        });
        foreach (Option o in new Option[] { alpha, alphas, root, json, plot, maxIterations, tolerance, damping }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            string? grid = parsed.GetValue(alphas);
            bool single = parsed.GetResult(alpha) is not null, toRoot = parsed.GetValue(root);
            if ((single ? 1 : 0) + (grid is null ? 0 : 1) + (toRoot ? 1 : 0) != 1)
                throw new UsageException($"give one of --alpha A, --alphas A:B:STEP or {spec.RootOption}");
            FileInfo? png = parsed.GetValue(plot);
            if (png is not null && grid is null) throw new UsageException("--plot draws a curve: it goes with --alphas");
            var options = new SaddlePointOptions
            {
                MaxIterations = parsed.GetValue(maxIterations),
                Tolerance = parsed.GetValue(tolerance),
                Damping = parsed.GetValue(damping),
            };
            bool asJson = parsed.GetValue(json);
            if (toRoot) return ReportRoot(spec, spec.Root(options), asJson);
            double[] loads = grid is null ? [parsed.GetValue(alpha)] : ValueGrid.PositiveNumbers("--alphas", grid);
            Row[] rows = [.. loads.Select(a => spec.Solve(a, options))];
            Row[] failed = [.. rows.Where(r => !r.Point.Converged)];
            if (png is not null && failed.Length == 0)
            {
                CurvePlot.SaveCurve(png.FullName, loads, [.. rows.Select(r => r.Values[0])], spec.PlotTitle, "load α", spec.PlotLabel);
            }
            if (asJson)
            {
                object report = grid is null ? JsonRow(spec, rows[0]) : new { points = rows.Select(r => JsonRow(spec, r)) };
                Console.Out.WriteLine(JsonSerializer.Serialize(report));
            }
            else
            {
                Console.Out.WriteLine(string.Join('\t', ["alpha", .. spec.Columns]));
                foreach (Row r in rows) Console.Out.WriteLine(TextRow(r));
            }
            if (failed.Length == 0) return LentApp.Ok;
            string where = string.Join("; ", failed.Select(r => Invariant($"α = {r.Point.Alpha} ({r.Point.Saddle.Describe()})")));
            Console.Error.WriteLine($"lent: theory {spec.Name}: the saddle point did not converge at {where}{(png is null ? "" : "; no plot written")}");
            return LentApp.NotReached;
        });
        return command;
    }

    private static int ReportRoot(CurveSpec spec, CriticalLoad load, bool asJson)
    {
        double? alpha = load.Found ? load.Alpha : null;
        if (asJson) Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double?> { [spec.RootField] = alpha }));
        else if (alpha is double a) Console.Out.WriteLine(Invariant($"{spec.RootField} = {a:G10}"));
        if (load.Found) return LentApp.Ok;
        Console.Error.WriteLine($"lent: theory {spec.Name}: {spec.RootField} not found: {load.Failure}");
        return LentApp.NotReached;
    }

    /// <summary>alpha, the quantities (null where the saddle point did not converge), converged.</summary>
    private static Dictionary<string, object?> JsonRow(CurveSpec spec, Row r)
    {
        var fields = new Dictionary<string, object?> { ["alpha"] = r.Point.Alpha };
        for (int i = 0; i < spec.Columns.Length; i++) fields[spec.Columns[i]] = r.Point.Converged ? r.Values[i] : null;
        fields["converged"] = r.Point.Converged;
        return fields;
    }

    private static string TextRow(Row r) => r.Point.Converged
        ? Invariant($"{r.Point.Alpha}\t") + string.Join('\t', r.Values.Select(v => v.ToString("G10", CultureInfo.InvariantCulture)))
        : Invariant($"{r.Point.Alpha}\tnot converged");
}
