using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.Cli.Output;
using LocalEntropy.Deep;
using LocalEntropy.Experiments;
using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Models;
using LocalEntropy.Deep.Training;
using LocalEntropy.IO;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// `lent train`: one optimizer on one network on Fashion-MNIST within a gradient budget, with metrics.csv, curves
/// and a checkpoint that resumes; or, with --compare, several optimizers over several seeds on the same budget.
/// </summary>
internal static class TrainCommand
{
    public const string CheckpointFile = "checkpoint.bin";

    public static Command Build()
    {
        var command = new Command("train", "train a network on Fashion-MNIST with an (entropic) optimizer; metrics.csv, curves.png and a resumable checkpoint in --out");
        var model = new Option<string>("--model") { Description = $"network: {string.Join(", ", Networks.Names)}", DefaultValueFactory = _ => "mlp" };
        model.AcceptOnlyFromAmong([.. Networks.Names]);
        var optimizer = new Option<string>("--optimizer") { Description = $"optimizer: {string.Join(", ", OptimizerCatalog.Names)}", DefaultValueFactory = _ => "sgd" };
        optimizer.AcceptOnlyFromAmong([.. OptimizerCatalog.Names]);
        var compare = new Option<string?>("--compare") { Description = "comma-separated optimizers to run one after the other on the same budget; prints a table of test errors" };
        var seeds = CommonOptions.PositiveInt("--seeds", "with --compare: seeds per optimizer (--seed, --seed + 1, ...)", 3);
        var replicas = CommonOptions.PositiveInt("--replicas", "replicas y of rsgd, easgd and parle (default 3)");
        var epochs = CommonOptions.PositiveDouble("--epochs", "budget in epochs' worth of gradient evaluations (default 10)");
        var gradEvals = new Option<long?>("--grad-evals") { Description = "budget in gradient evaluations (one mini-batch forward and backward pass each)" };
        gradEvals.Validators.Add(r =>
        {
            if (CommonOptions.TryValue(r, out long? v) && v < 1) r.AddError($"--grad-evals must be at least 1, got {v}");
        });
        var seed = CommonOptions.Seed("seed of the initial weights, dropout, noise and data order");
        var threads = CommonOptions.PositiveInt("--threads", "LibTorch threads", Environment.ProcessorCount);
        var trainSize = CommonOptions.PositiveInt("--train-size", "use the first N training images (default all 60 000)");
        var testSize = CommonOptions.PositiveInt("--test-size", "use the first N test images (default all 10 000)");
        var batch = CommonOptions.PositiveInt("--batch-size", "images per mini-batch", 128);
        var lr = CommonOptions.PositiveDouble("--lr", "main step size (SGD's, Adam's, or the Langevin step of entropy-sgd and parle); default per optimizer");
        var data = CommonOptions.DataFolder();
        var output = new Option<DirectoryInfo>("--out") { Description = "output folder (created if needed)", Required = true };
        var resume = new Option<bool>("--resume") { Description = $"continue the run saved in --out/{CheckpointFile} (same options; the budget may grow)" };
        var json = CommonOptions.Json();
        foreach (Option o in new Option[] { model, optimizer, compare, seeds, replicas, epochs, gradEvals, seed, threads, trainSize, testSize, batch, lr, data, output, resume, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parsed =>
        {
            if (Given(parsed, epochs) is not null && parsed.GetValue(gradEvals) is not null)
                throw new UsageException("give the budget as --epochs or --grad-evals, not both");
            var run = new RunRequest(
                parsed.GetValue(data)!.FullName, Given(parsed, trainSize), Given(parsed, testSize), parsed.GetValue(threads),
                parsed.GetValue(output)!.FullName, parsed.GetValue(json));
            var settings = new TrainingSettings
            {
                Model = Networks.Parse(parsed.GetValue(model)!),
                Optimizer = parsed.GetValue(optimizer)!,
                Seed = parsed.GetValue(seed),
                BatchSize = parsed.GetValue(batch),
                Replicas = Given(parsed, replicas),
                LearningRate = Given(parsed, lr),
            };
            double? epochCount = Given(parsed, epochs);
            long? budget = parsed.GetValue(gradEvals);
            if (parsed.GetValue(compare) is { } list)
            {
                if (parsed.GetValue(resume)) throw new UsageException("--resume goes with a single run, not --compare");
                string[] names = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                if (names.Length == 0) throw new UsageException("--compare needs at least one optimizer");
                if (names.FirstOrDefault(n => !OptimizerCatalog.Names.Contains(n)) is { } unknown)
                    throw new UsageException($"--compare: unknown optimizer '{unknown}'; known: {string.Join(", ", OptimizerCatalog.Names)}");
                return Compare(run, settings, names, parsed.GetValue(seeds), epochCount, budget);
            }
            if (settings.Replicas is not null && !OptimizerCatalog.IsReplicated(settings.Optimizer))
                throw new UsageException($"--replicas goes with rsgd, easgd or parle, not {settings.Optimizer}");
            return Single(run, settings, epochCount, budget, parsed.GetValue(resume));
        });
        return command;
    }

    /// <summary>The value of an option without a default, or null when it was not given.</summary>
    private static T? Given<T>(ParseResult parsed, Option<T> option) where T : struct =>
        parsed.GetResult(option) is { Implicit: false } ? parsed.GetValue(option) : null;

    /// <summary>Where the data are, how much of it, how many threads, where the output goes and how it is printed.</summary>
    private sealed record RunRequest(string Data, int? TrainSize, int? TestSize, int Threads, string Output, bool Json)
    {
        public (Dataset Train, Dataset Test) Load()
        {
            TorchRuntime.Initialize(Threads);
            return FashionMnist.Load(Data, TrainSize, TestSize);
        }
    }

    /// <summary>The settings with the budget and evaluation interval for this training set (an epoch = one pass in full batches).</summary>
    private static TrainingSettings WithBudget(TrainingSettings settings, Dataset train, double? epochs, long? gradEvals)
    {
        long perEpoch = Math.Max(1, train.Count / Math.Min(settings.BatchSize, train.Count));
        long budget = gradEvals ?? (long)Math.Ceiling((epochs ?? 10) * perEpoch);
        return settings with { GradientBudget = Math.Max(1, budget), EvaluationInterval = perEpoch };
    }

    private static int Single(RunRequest request, TrainingSettings requested, double? epochs, long? gradEvals, bool resume)
    {
        (Dataset train, Dataset test) = request.Load();
        TrainingSettings settings = WithBudget(requested, train, epochs, gradEvals);
        Directory.CreateDirectory(request.Output);
        string checkpoint = Path.Combine(request.Output, CheckpointFile);
        if (resume && !File.Exists(checkpoint)) throw new UsageException($"--resume: no checkpoint in {request.Output}");
        using Trainer trainer = resume ? Trainer.Resume(checkpoint, settings, train, test) : new Trainer(settings, train, test);
        TrainingStop stop = Train(trainer, request.Output, $"{Networks.Name(settings.Model)}/{settings.Optimizer}");
        switch (stop)
        {
            case TrainingStop.Cancelled:
                trainer.Save(checkpoint);
                Console.Error.WriteLine($"train: interrupted after {trainer.Optimizer.GradientEvaluations} gradient evaluations; checkpoint saved, continue with --resume");
                return LentApp.Interrupted;
            case TrainingStop.NonFinite:
                Console.Error.WriteLine($"train: the loss became NaN or infinite after {trainer.Optimizer.GradientEvaluations} gradient evaluations; "
                    + (trainer.Points.Count > 0 ? $"the last good checkpoint (epoch {trainer.Points[^1].Epoch:F2}) is kept in {checkpoint}" : "no checkpoint was written")
                    + "; try a smaller --lr");
                return LentApp.NotReached;
        }
        // A resumed run whose budget was already spent has taken no step: report the network as it is.
        EvaluationPoint final = trainer.Points.Count > 0 ? trainer.Points[^1] : trainer.Evaluate(trainer.Seconds);
        TrainReport report = TrainReport.From(trainer, final, request.Output);
        Console.Out.WriteLine(request.Json ? JsonSerializer.Serialize(report, SolveReport.JsonOptions) : report.ToText());
        return LentApp.Ok;
    }

    /// <summary>Trains with a progress bar and Ctrl-C handling; after each evaluation writes metrics.csv, curves.png and the checkpoint.</summary>
    private static TrainingStop Train(Trainer trainer, string folder, string title)
    {
        using var interrupt = new ConsoleInterrupt();
        return ConsoleProgress.RunWithStatus(title, progress => trainer.Run(
            progress is null ? null : new Progress(p => progress.Report(((double)p.GradientEvaluations / p.Budget, Status(p)))),
            _ =>
            {
                WriteMetrics(Path.Combine(folder, "metrics.csv"), trainer.Points);
                TrainingPlot.Save(Path.Combine(folder, "curves.png"), trainer.Points, $"{title}, seed {trainer.Settings.Seed}");
                trainer.Save(Path.Combine(folder, CheckpointFile));
            },
            interrupt.Token));
    }

    private static string Status(TrainingProgress p)
    {
        string accuracy = p.TestError is double e ? FormattableString.Invariant($" test acc {1 - e:P1}") : "";
        return FormattableString.Invariant($"epoch {p.Epoch:F2} loss {p.Loss:F4}{accuracy} {p.Seconds:F0} s");
    }

    private static void WriteMetrics(string path, IReadOnlyList<EvaluationPoint> points) =>
        AtomicFile.Write(path, w =>
        {
            w.WriteLine("epoch,grad_evals,seconds,train_loss,train_error,test_loss,test_error");
            foreach (EvaluationPoint p in points)
            {
                w.WriteLine(string.Join(',', Number(p.Epoch), p.GradientEvaluations.ToString(CultureInfo.InvariantCulture), Number(p.Seconds),
                    Number(p.TrainLoss), Number(p.TrainError), Number(p.TestLoss), Number(p.TestError)));
            }
        });

    private static string Number(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

    private static int Compare(RunRequest request, TrainingSettings requested, string[] optimizers, int seedCount, double? epochs, long? gradEvals)
    {
        (Dataset train, Dataset test) = request.Load();
        Directory.CreateDirectory(request.Output);
        var rows = new List<TrainReport>();
        foreach (string name in optimizers)
        {
            for (int i = 0; i < seedCount; i++)
            {
                TrainingSettings settings = WithBudget(requested with
                {
                    Optimizer = name,
                    Seed = requested.Seed + (ulong)i,
                    Replicas = OptimizerCatalog.IsReplicated(name) ? requested.Replicas : null,
                }, train, epochs, gradEvals);
                string folder = Path.Combine(request.Output, name, $"seed-{settings.Seed}");
                Directory.CreateDirectory(folder);
                using var trainer = new Trainer(settings, train, test);
                TrainingStop stop = Train(trainer, folder, $"{name} seed {settings.Seed}");
                if (stop == TrainingStop.Cancelled)
                {
                    Console.Error.WriteLine("train: interrupted; finished runs are in " + request.Output);
                    return LentApp.Interrupted;
                }
                if (stop == TrainingStop.NonFinite) Console.Error.WriteLine($"train: {name} seed {settings.Seed}: the loss became NaN; counted as NaN");
                rows.Add(TrainReport.From(trainer, stop == TrainingStop.Completed ? trainer.Points[^1] : new EvaluationPoint(
                    trainer.Epoch(trainer.Optimizer.GradientEvaluations), trainer.Optimizer.GradientEvaluations, trainer.Seconds, double.NaN, double.NaN, double.NaN, double.NaN), folder));
            }
        }
        var summary = optimizers.Select(name =>
        {
            TrainReport[] runs = [.. rows.Where(r => r.Optimizer == name)];
            (double mean, double std) = MeanStd(runs.Select(r => r.TestError));
            (double trainMean, _) = MeanStd(runs.Select(r => r.TrainError));
            return new CompareRow(name, runs.Length, runs[0].GradEvals, mean, std, trainMean, runs.Average(r => r.Seconds));
        }).ToArray();
        AtomicFile.Write(Path.Combine(request.Output, "compare.csv"), w =>
        {
            w.WriteLine("optimizer,seed,grad_evals,seconds,train_loss,train_error,test_loss,test_error");
            foreach (TrainReport r in rows)
            {
                w.WriteLine(string.Join(',', r.Optimizer, r.Seed.ToString(CultureInfo.InvariantCulture), r.GradEvals.ToString(CultureInfo.InvariantCulture),
                    Number(r.Seconds), Number(r.TrainLoss), Number(r.TrainError), Number(r.TestLoss), Number(r.TestError)));
            }
        });
        if (request.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { model = rows[0].Model, seeds = seedCount, summary, runs = rows }, SolveReport.JsonOptions));
        }
        else
        {
            Console.Out.WriteLine($"{rows[0].Model}, {seedCount} seeds from {requested.Seed}; a run stops at the first step that reaches the budget");
            Console.Out.WriteLine("optimizer     grad evals   test error (mean ± std)   train error   seconds per run");
            foreach (CompareRow r in summary)
            {
                Console.Out.WriteLine(FormattableString.Invariant(
                    $"{r.Optimizer,-13} {r.GradEvals,10}   {100 * r.TestErrorMean,6:F2} % ± {100 * r.TestErrorStd,4:F2} %      {100 * r.TrainErrorMean,6:F2} %      {r.Seconds,8:F1}"));
            }
        }
        return LentApp.Ok;
    }

    /// <summary>Mean and sample standard deviation (0 for a single value).</summary>
    private static (double Mean, double Std) MeanStd(IEnumerable<double> values)
    {
        double[] v = [.. values];
        double mean = v.Average();
        return (mean, v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0);
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    private sealed record CompareRow(string Optimizer, int Seeds, long GradEvals, double TestErrorMean, double TestErrorStd, double TrainErrorMean, double Seconds);
}

/// <summary>The result of one `lent train` run, as printed (text or JSON).</summary>
internal sealed record TrainReport(string Model, string Optimizer, ulong Seed, int? Replicas, long GradEvals, double Epochs, double Seconds,
                                   double TrainLoss, double TrainError, double TestLoss, double TestError, string Out)
{
    /// <summary>The report of <paramref name="trainer"/>'s run, measured at <paramref name="final"/>.</summary>
    public static TrainReport From(Trainer trainer, EvaluationPoint final, string output) => new(
        Networks.Name(trainer.Settings.Model), trainer.Settings.Optimizer, trainer.Settings.Seed, trainer.Settings.Replicas,
        trainer.Optimizer.GradientEvaluations, Math.Round(final.Epoch, 4), Math.Round(trainer.Seconds, 2),
        final.TrainLoss, final.TrainError, final.TestLoss, final.TestError, output);

    public string ToText() => FormattableString.Invariant(
        $"{Model} trained by {Optimizer} (seed {Seed}): {GradEvals} gradient evaluations ({Epochs:G4} epochs) in {Seconds:F1} s; train loss {TrainLoss:F4}, train error {100 * TrainError:F2} %, test error {100 * TestError:F2} %");
}
