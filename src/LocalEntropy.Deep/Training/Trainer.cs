using System.Diagnostics;
using System.Text;
using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Models;
using LocalEntropy.Deep.Optimizers;
using LocalEntropy.IO;
using LocalEntropy.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Training;

/// <summary>
/// Runs one optimizer on one network within a gradient budget, evaluating at fixed intervals, and saves or resumes
/// the whole run. Evaluation never draws from torch's generator (its state is put back), so an interrupted and
/// resumed run follows the same trajectory as an uninterrupted one with the same seed.
/// </summary>
public sealed class Trainer : IDisposable
{
    private const string Magic = "lent deep checkpoint";
    private const int Version = 1;

    private readonly Dataset _train;
    private readonly Dataset _test;
    private readonly Dataset _trainSample;
    private readonly List<EvaluationPoint> _points = [];
    private double _secondsBefore;
    private bool _prepared;

    /// <summary>A fresh run: torch's generator is seeded, then the networks and the optimizer are built.</summary>
    public Trainer(TrainingSettings settings, Dataset train, Dataset test)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        settings.Validate();
        Settings = settings;
        _train = train;
        _test = test;
        _trainSample = train.Take(settings.EvaluationSize);
        BatchesPerEpoch = Math.Max(1, train.Count / Math.Min(settings.BatchSize, train.Count));
        manual_seed(unchecked((long)settings.Seed));
        var seeds = new Rng(settings.Seed);
        Optimizer = OptimizerCatalog.Create(settings, () => Networks.Create(settings.Model),
            a => new MiniBatches(train, settings.BatchSize, seeds.Fork((ulong)a + 1).NextULong()));
    }

    /// <summary>The run's settings.</summary>
    public TrainingSettings Settings { get; }

    /// <summary>The optimizer (and through it the networks).</summary>
    public DeepOptimizer Optimizer { get; }

    /// <summary>Gradient evaluations in one epoch: one pass over the training images in full batches.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The evaluation points so far.</summary>
    public IReadOnlyList<EvaluationPoint> Points => _points;

    /// <summary>
    /// Trains until the budget is spent, the loss is not finite or <paramref name="cancel"/> fires (checked between
    /// steps). <paramref name="evaluated"/> is called after each evaluation point (e.g. to save a checkpoint).
    /// </summary>
    public TrainingStop Run(IProgress<TrainingProgress>? progress = null, Action<EvaluationPoint>? evaluated = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        double running = double.NaN;
        while (Optimizer.GradientEvaluations < Settings.GradientBudget)
        {
            if (cancel.IsCancellationRequested) return Stop(TrainingStop.Cancelled);
            double loss = Optimizer.Step();
            _prepared = false;
            if (!double.IsFinite(loss)) return Stop(TrainingStop.NonFinite);
            running = double.IsNaN(running) ? loss : 0.95 * running + 0.05 * loss;
            long evaluations = Optimizer.GradientEvaluations;
            if (evaluations >= (_points.Count + 1) * Settings.EvaluationInterval || evaluations >= Settings.GradientBudget)
            {
                EvaluationPoint point = Evaluate(_secondsBefore + clock.Elapsed.TotalSeconds);
                if (!double.IsFinite(point.TrainLoss)) return Stop(TrainingStop.NonFinite);
                _points.Add(point);
                evaluated?.Invoke(point);
            }
            progress?.Report(new TrainingProgress(Epoch(evaluations), evaluations, Settings.GradientBudget, running,
                _points.Count > 0 ? _points[^1].TestError : null, _secondsBefore + clock.Elapsed.TotalSeconds));
        }
        return Stop(TrainingStop.Completed);

        TrainingStop Stop(TrainingStop reason)
        {
            _secondsBefore += clock.Elapsed.TotalSeconds;
            return reason;
        }
    }

    /// <summary>Seconds spent training so far, across resumptions.</summary>
    public double Seconds => _secondsBefore;

    /// <summary>The evaluated network (prepared for evaluation).</summary>
    public nn.Module<Tensor, Tensor> Model
    {
        get
        {
            Prepare();
            return Optimizer.Model;
        }
    }

    /// <summary>Epochs' worth of gradient evaluations in <paramref name="evaluations"/>.</summary>
    public double Epoch(long evaluations) => (double)evaluations / BatchesPerEpoch;

    /// <summary>Measures the evaluated network now (train loss and error on the first training images, test on all).</summary>
    public EvaluationPoint Evaluate(double seconds)
    {
        var model = Model;
        LossAndError train = Evaluation.Measure(model, _trainSample), test = Evaluation.Measure(model, _test);
        long evaluations = Optimizer.GradientEvaluations;
        return new EvaluationPoint(Epoch(evaluations), evaluations, seconds, train.Loss, train.Error, test.Loss, test.Error);
    }

    /// <summary>Writes the whole run to <paramref name="path"/> atomically: settings, metrics, evaluated network, generator and optimizer state.</summary>
    public void Save(string path)
    {
        Prepare();
        AtomicFile.WriteBinary(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(Version);
            WriteSettings(w, Settings, _train.Count);
            w.Write(_points.Count);
            foreach (EvaluationPoint p in _points)
            {
                w.Write(p.Epoch); w.Write(p.GradientEvaluations); w.Write(p.Seconds);
                w.Write(p.TrainLoss); w.Write(p.TrainError); w.Write(p.TestLoss); w.Write(p.TestError);
            }
            w.Write(_secondsBefore);
            Optimizer.Model.save(w);
            using (Tensor rng = get_rng_state()) rng.Save(w);
            Optimizer.Save(w);
        });
    }

    /// <summary>
    /// Continues the run saved at <paramref name="path"/>. Every setting of <paramref name="requested"/> but the
    /// budget must match the checkpoint's, and the training set must have the same size; otherwise the checkpoint is
    /// rejected with a message naming the difference.
    /// </summary>
    public static Trainer Resume(string path, TrainingSettings requested, Dataset train, Dataset test)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(train);
        return Read(path, reader =>
        {
            (TrainingSettings saved, int trainCount) = ReadHeader(path, reader);
            if (saved with { GradientBudget = requested.GradientBudget } != requested)
                throw new InstanceFormatException(path, 0, $"checkpoint of {Describe(saved)}, not of the requested {Describe(requested)}");
            if (trainCount != train.Count)
                throw new InstanceFormatException(path, 0, $"checkpoint trained on {trainCount} images, not {train.Count} (--train-size)");
            var trainer = new Trainer(requested, train, test);
            try
            {
                trainer._points.AddRange(ReadPoints(reader));
                trainer._secondsBefore = reader.ReadDouble();
                trainer.Optimizer.Model.load(reader);
                using (Tensor rng = TensorExtensionMethods.Load(reader)) set_rng_state(rng);
                trainer.Optimizer.Load(reader);
                return trainer;
            }
            catch
            {
                trainer.Dispose();
                throw;
            }
        });
    }

    /// <summary>The settings, metrics and evaluated network saved at <paramref name="path"/> (for flatness measures).</summary>
    public static (TrainingSettings Settings, IReadOnlyList<EvaluationPoint> Points, nn.Module<Tensor, Tensor> Network) ReadNetwork(string path) =>
        Read(path, reader =>
        {
            (TrainingSettings settings, _) = ReadHeader(path, reader);
            IReadOnlyList<EvaluationPoint> points = ReadPoints(reader);
            reader.ReadDouble();
            var network = Networks.Create(settings.Model);
            network.load(reader);
            network.eval();
            return (settings, points, network);
        });

    /// <summary>The run in words, e.g. "mlp trained by sgd, seed 1, batch 128".</summary>
    public static string Describe(TrainingSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        string replicas = s.Replicas is int y ? $", {y} replicas" : "";
        string lr = s.LearningRate is double l ? FormattableString.Invariant($", lr {l}") : "";
        return $"{Networks.Name(s.Model)} trained by {s.Optimizer}, seed {s.Seed}, batch {s.BatchSize}{replicas}{lr}, evaluated every {s.EvaluationInterval} on {s.EvaluationSize} images";
    }

    /// <inheritdoc/>
    public void Dispose() => Optimizer.Dispose();

    /// <summary>Prepares the evaluated network once per step, leaving torch's generator as it was.</summary>
    private void Prepare()
    {
        if (_prepared) return;
        using Tensor state = get_rng_state();
        Optimizer.PrepareEvaluation(_trainSample);
        set_rng_state(state);
        _prepared = true;
    }

    private static T Read<T>(string path, Func<BinaryReader, T> read)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            return read(reader);
        }
        // Whatever reading a damaged or foreign file throws (short reads, TorchSharp's shape checks) is a bad input.
        catch (Exception e) when (e is not (InstanceFormatException or FileNotFoundException or DirectoryNotFoundException or OutOfMemoryException))
        {
            throw new InstanceFormatException(path, 0, $"corrupt or incompatible checkpoint ({e.Message})");
        }
    }

    private static void WriteSettings(BinaryWriter w, TrainingSettings s, int trainCount)
    {
        w.Write(Networks.Name(s.Model));
        w.Write(s.Optimizer);
        w.Write(s.Seed);
        w.Write(s.BatchSize);
        w.Write(s.GradientBudget);
        w.Write(s.EvaluationInterval);
        w.Write(s.Replicas ?? 0);
        w.Write(s.LearningRate ?? 0);
        w.Write(s.EvaluationSize);
        w.Write(trainCount);
    }

    private static (TrainingSettings Settings, int TrainCount) ReadHeader(string path, BinaryReader r)
    {
        if (r.BaseStream.Length < Magic.Length + 1 || r.ReadString() != Magic) throw new InstanceFormatException(path, 0, "not a lent train checkpoint");
        int version = r.ReadInt32();
        if (version != Version) throw new InstanceFormatException(path, 0, $"checkpoint version {version}, this build reads version {Version}");
        var settings = new TrainingSettings
        {
            Model = Networks.Parse(r.ReadString()),
            Optimizer = r.ReadString(),
            Seed = r.ReadUInt64(),
            BatchSize = r.ReadInt32(),
            GradientBudget = r.ReadInt64(),
            EvaluationInterval = r.ReadInt64(),
            Replicas = r.ReadInt32() is > 0 and var y ? y : null,
            LearningRate = r.ReadDouble() is > 0 and var lr ? lr : null,
            EvaluationSize = r.ReadInt32(),
        };
        settings.Validate();
        return (settings, r.ReadInt32());
    }

    private static List<EvaluationPoint> ReadPoints(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count < 0) throw new InvalidDataException("negative number of evaluation points");
        var points = new List<EvaluationPoint>(count);
        for (int i = 0; i < count; i++)
        {
            points.Add(new EvaluationPoint(r.ReadDouble(), r.ReadInt64(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble()));
        }
        return points;
    }
}
