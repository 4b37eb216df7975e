using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.Cli.Output;
using LocalEntropy.Deep;
using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Flatness;
using LocalEntropy.Deep.Models;
using LocalEntropy.Deep.Training;
using LocalEntropy.Experiments;
using static TorchSharp.torch;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// `lent flatness`: how flat the minimum saved in a `lent train` checkpoint is (local energy, top Hessian
/// eigenvalue) and, with a second checkpoint, the loss barrier on the straight line between the two.
/// </summary>
internal static class FlatnessCommand
{
    public static Command Build()
    {
        var command = new Command("flatness", "local energy and top Hessian eigenvalue of trained networks, and the loss barrier between two of them");
        var checkpoint = CommonOptions.ExistingFile("--checkpoint", "checkpoint written by lent train");
        checkpoint.Required = true;
        var other = CommonOptions.ExistingFile("--other", "a second checkpoint of the same model: measured too, and the line between the two");
        var output = new Option<DirectoryInfo>("--out") { Description = "folder for local-energy.png and path.png (created if needed)", Required = true };
        var sigmas = RangeOption.Create("--sigmas", "relative perturbation sizes σ: MIN:MAX[:COUNT], COUNT (default 10) evenly spaced", "0.05:0.5:10");
        var samples = CommonOptions.PositiveInt("--samples", "perturbations per σ", 5);
        var images = CommonOptions.PositiveInt("--images", "training images the losses are measured on (the first ones)", 5000);
        var hessianImages = CommonOptions.PositiveInt("--hessian-images", "training images of the Hessian's loss", 1000);
        var points = CommonOptions.PositiveInt("--points", "networks on the line between the two checkpoints", 11);
        var data = CommonOptions.DataFolder();
        var threads = CommonOptions.PositiveInt("--threads", "LibTorch threads", Environment.ProcessorCount);
        var seed = CommonOptions.Seed("seed of the perturbations and of the power iteration's start");
        var json = CommonOptions.Json();
        foreach (Option o in new Option[] { checkpoint, other, output, sigmas, samples, images, hessianImages, points, data, threads, seed, json }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            (double low, double high, int? count) = RangeOption.Parse("--sigmas", parsed.GetValue(sigmas)!);
            int n = count ?? 10;
            double[] grid = [.. Enumerable.Range(0, n).Select(i => low + (high - low) * i / (n - 1))];
            if (parsed.GetValue(points) < 2) throw new UsageException("--points must be at least 2");
            string folder = parsed.GetValue(output)!.FullName;
            DirectoryInfo dataFolder = parsed.GetValue(data)!;
            TorchRuntime.Initialize(parsed.GetValue(threads));
            string[] paths = [parsed.GetValue(checkpoint)!.FullName, .. parsed.GetValue(other) is { } o ? new[] { o.FullName } : []];
            var networks = paths.Select(Trainer.ReadNetwork).ToArray();
            if (networks.Length == 2 && networks[0].Settings.Model != networks[1].Settings.Model)
            {
                throw new UsageException($"--other holds a {Networks.Name(networks[1].Settings.Model)}, --checkpoint a {Networks.Name(networks[0].Settings.Model)}: the line between them needs one architecture");
            }
            (Dataset train, _) = FashionMnist.Load(dataFolder.FullName, parsed.GetValue(images), 1);
            Directory.CreateDirectory(folder);
            ulong s = parsed.GetValue(seed);
            var measured = new List<Measured>();
            using (var interrupt = new ConsoleInterrupt())
            {
                foreach (var (path, (settings, history, network)) in paths.Zip(networks))
                {
                    if (interrupt.Token.IsCancellationRequested) return LentApp.Interrupted;
                    string label = $"{settings.Optimizer} seed {settings.Seed}";
                    var energy = ConsoleProgress.Run($"local energy {label}", _ => LocalEnergy.Measure(network, train, grid, parsed.GetValue(samples), s));
                    var top = ConsoleProgress.Run($"Hessian {label}", _ => HessianSpectrum.Top(network, train.Take(parsed.GetValue(hessianImages)), s));
                    measured.Add(new Measured(label, path, Evaluation.Measure(network, train), history.Count > 0 ? history[^1].TestError : double.NaN, top, energy));
                }
            }
            LinearPathResult? line = null;
            if (networks.Length == 2)
            {
                using var scratch = Networks.Create(networks[0].Settings.Model);
                line = ConsoleProgress.Run("linear path", _ => LinearPath.Measure(networks[0].Network, networks[1].Network, scratch, train, parsed.GetValue(points)));
                FlatnessPlot.SavePath(Path.Combine(folder, "path.png"), line, $"{measured[0].Label} → {measured[1].Label}");
            }
            FlatnessPlot.SaveLocalEnergy(Path.Combine(folder, "local-energy.png"), [.. measured.Select(m => (m.Label, m.Energy))],
                $"Local energy ({Networks.Name(networks[0].Settings.Model)}, {train.Count} training images, {parsed.GetValue(samples)} samples)");
            foreach (var (_, _, network) in networks) network.Dispose();
            Write(measured, line, parsed.GetValue(json));
            return LentApp.Ok;
        });
        return command;
    }

    private sealed record Measured(string Label, string Checkpoint, LossAndError Train, double TestError, TopEigenvalue Top, IReadOnlyList<LocalEnergyPoint> Energy);

    private static void Write(List<Measured> measured, LinearPathResult? line, bool json)
    {
        if (json)
        {
            var networks = measured.Select(m => new
            {
                label = m.Label,
                checkpoint = m.Checkpoint,
                trainLoss = m.Train.Loss,
                trainError = m.Train.Error,
                testError = m.TestError,
                hessianTop = m.Top.Value,
                hessianIterations = m.Top.Iterations,
                hessianConverged = m.Top.Converged,
                localEnergy = m.Energy.Select(p => new { sigma = p.Sigma, lossIncrease = p.MeanLossIncrease, std = p.StdLossIncrease, errorIncrease = p.MeanErrorIncrease }),
            });
            var path = line is null ? null : new { barrier = line.Barrier, points = line.Points.Select(p => new { t = p.T, loss = p.Loss, error = p.Error }) };
            Console.Out.WriteLine(JsonSerializer.Serialize(new { networks, path }, SolveReport.JsonOptions));
            return;
        }
        foreach (Measured m in measured)
        {
            Console.Out.WriteLine(FormattableString.Invariant(
                $"{m.Label}: train loss {m.Train.Loss:F4}, test error {100 * m.TestError:F2} %, top Hessian eigenvalue {m.Top.Value:G4} ({m.Top.Iterations} iterations{(m.Top.Converged ? "" : ", not converged")})"));
        }
        Console.Out.WriteLine(string.Join('\t', ["sigma", .. measured.Select(m => $"{m.Label} δL")]));
        for (int i = 0; i < measured[0].Energy.Count; i++)
        {
            Console.Out.WriteLine(string.Join('\t', [Number(measured[0].Energy[i].Sigma), .. measured.Select(m => Number(m.Energy[i].MeanLossIncrease))]));
        }
        if (line is not null) Console.Out.WriteLine(FormattableString.Invariant($"barrier on the line between them: {line.Barrier:F4} (loss above the chord)"));
    }

    private static string Number(double x) => x.ToString("F4", CultureInfo.InvariantCulture);
}
