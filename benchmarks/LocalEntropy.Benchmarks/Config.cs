using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// One launch, 3 warm-up and 10 measured iterations, with allocation tracking: the whole suite runs in a few minutes
/// on two cores while still giving a usable error bar.
/// </summary>
public sealed class QuickConfig : ManualConfig
{
    public QuickConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("quick"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
