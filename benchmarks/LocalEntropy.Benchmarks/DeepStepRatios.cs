using System.Diagnostics;
using LocalEntropy.Deep.Optimizers;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// The optimizers of <see cref="DeepStepBenchmarks"/> measured in interleaved rounds: in each round every optimizer
/// spends the same 60 gradient evaluations, one after the other, and its time is divided by the time the
/// gradient-only baseline took in that round. On a shared or virtual machine whose speed drifts by tens of percent
/// over minutes, the median of these per-round ratios is steady where ratios of separately timed runs are not.
/// Run with <c>dotnet run -c Release --project benchmarks/LocalEntropy.Benchmarks -- deep-ratios [rounds] [names]</c>
/// (names: a comma-separated subset; the gradient-only baseline and sgd are always included).
/// </summary>
public static class DeepStepRatios
{
    private static readonly string[] All =
        ["gradient", "sgd", "adam", "sam", "swa", "entropy-sgd", "rsgd", "rsgd-uncoupled", "easgd", "parle"];

    /// <summary>Measures <paramref name="rounds"/> rounds after one warm-up round and prints a Markdown table.</summary>
    public static void Run(int rounds, IReadOnlyCollection<string>? only = null)
    {
        string[] names = [.. All.Where(n => only is null || n is "gradient" or "sgd" || only.Contains(n))];
        DeepOptimizer[] optimizers = [.. names.Select(DeepStepBenchmarks.Create)];
        var times = new double[rounds, names.Length];
        for (int r = -1; r < rounds; r++)
        {
            for (int o = 0; o < optimizers.Length; o++)
            {
                long start = Stopwatch.GetTimestamp();
                DeepStepBenchmarks.Run(optimizers[o]);
                if (r >= 0) times[r, o] = Stopwatch.GetElapsedTime(start).TotalMilliseconds / DeepStepBenchmarks.Evaluations;
            }
            Console.Error.WriteLine($"deep-ratios: round {r + 1} of {rounds}");
        }
        int sgd = Array.IndexOf(names, "sgd");
        Console.WriteLine($"| optimizer | ms per gradient evaluation (median of {rounds} rounds) | ratio to a gradient evaluation | ratio to sgd |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        for (int o = 0; o < names.Length; o++)
        {
            double ms = Median(r => times[r, o], rounds);
            double perGradient = Median(r => times[r, o] / times[r, 0], rounds);
            double perSgd = Median(r => times[r, o] / times[r, sgd], rounds);
            Console.WriteLine($"| {names[o]} | {ms:F2} | {perGradient:F3} | {perSgd:F3} |");
        }
        foreach (DeepOptimizer optimizer in optimizers) optimizer.Dispose();
    }

    private static double Median(Func<int, double> value, int count)
    {
        double[] values = [.. Enumerable.Range(0, count).Select(value).Order()];
        return count % 2 == 1 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
    }
}
