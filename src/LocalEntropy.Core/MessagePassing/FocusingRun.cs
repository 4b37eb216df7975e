using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.MessagePassing;

/// <summary>A message-passing state that a focusing protocol drives (focusing BP, focusing AMP).</summary>
internal interface IFocusable
{
    /// <summary>Fresh random messages of scale <paramref name="scale"/>.</summary>
    void Randomize(Rng rng, double scale);

    /// <summary>One iteration (sweep) under the focusing step; returns the largest message change.</summary>
    double Iterate(FocusingStep step);

    /// <summary>The signs of the marginals.</summary>
    SpinVector Decision();
}

/// <summary>
/// The protocol loop shared by the focusing solvers: for each (γ, y) step run up to the step's iterations (fewer
/// once converged), read the signs of the marginals after every iteration and stop as soon as they solve; a protocol
/// that ends unsolved starts again from fresh random messages, run r spending r times the iterations per step.
/// </summary>
internal static class FocusingRun
{
    public static SolveResult Run(
        IEnergyProblem<SpinVector> problem, IFocusable state, int size, FocusingProtocol protocol, int maxRuns, int iterationsPerStep,
        double tolerance, double initialNoise, SolverLimits limits, Rng rng, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        var monitor = new RunMonitor(limits, progress, cancellationToken);
        var best = new SpinVector(size);
        int bestErrors = int.MaxValue;
        StopReason? stop = null;
        IReadOnlyList<FocusingStep> steps = protocol.Steps();
        for (int run = 0; run < maxRuns && stop is null; run++)
        {
            monitor.Restarts = run;
            state.Randomize(rng, initialNoise);
            long perStep = (long)iterationsPerStep * (run + 1);
            for (int s = 0; s < steps.Count && stop is null; s++)
            {
                FocusingStep step = steps[s];
                for (long it = 0; it < perStep && stop is null; it++)
                {
                    double change = state.Iterate(step);
                    SpinVector decision = state.Decision();
                    int errors = problem.Errors(decision);
                    if (errors < bestErrors)
                    {
                        bestErrors = errors;
                        best.CopyFrom(decision);
                    }
                    if (!double.IsFinite(change)) stop = StopReason.NonFinite;
                    else stop = monitor.Tick(errors, FormattableString.Invariant($"run {run + 1} step {s + 1}/{steps.Count} γ={step.Gamma:G3} y={step.Y:G3}"));
                    if (change < tolerance) break;
                }
            }
        }
        // Every run of the protocol ended unsolved: report it as an exhausted iteration budget.
        return new SolveResult(best, problem.Errors(best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop ?? StopReason.MaxIterations, monitor.Trace);
    }
}
