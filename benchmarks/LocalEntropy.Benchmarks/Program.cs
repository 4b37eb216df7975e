using LocalEntropy.Benchmarks;

if (args.Length > 0 && args[0] == "deep-ratios")
{
    DeepStepRatios.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15,
                       args.Length > 2 ? args[2].Split(',') : null);
}
else
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
