using LocalEntropy.Experiments;
using LocalEntropy.Theory;

namespace LocalEntropy.Cli.Output;

/// <summary>
/// The replica-theory references that apply to a report section: the capacity α_c of the binary perceptron with
/// random labels, or for teacher-student instances the Gibbs-learning curve ε_g(α) and its transition.
/// </summary>
internal sealed record ReportTheory(double? AlphaC, IReadOnlyList<GibbsLearningPoint> Gibbs, double? Transition, string GibbsCommand = "")
{
    /// <summary>The step of the loads of the ε_g(α) curve, which runs from one step to past the section's largest load.</summary>
    private const decimal CurveStep = 0.02m;

    /// <summary>No reference (committee machines).</summary>
    public static readonly ReportTheory None = new(null, [], null);

    /// <summary>The references for <paramref name="section"/>, computed from the calculators (nothing hard-coded).</summary>
    public static ReportTheory For(ReportSection section)
    {
        if (section.RandomPerceptron) return new ReportTheory(Found(BinaryPerceptronEntropy.ZeroEntropyAlpha()), [], null);
        if (section.Problem != "perceptron") return None;
        int steps = (int)Math.Ceiling(section.Alphas[^1] * 1.1 / (double)CurveStep);
        // Loads past the end of the poor-generalization branch (α ≈ 1.49) do not converge and are left out of the curve.
        GibbsLearningPoint[] curve = [.. Enumerable.Range(1, steps).Select(i => TeacherStudentGibbs.Solve((double)(i * CurveStep))).Where(p => p.Converged)];
        string command = FormattableString.Invariant($"lent theory teacher --alphas {CurveStep}:{steps * CurveStep:0.##}:{CurveStep}");
        return new ReportTheory(null, curve, Found(TeacherStudentGibbs.TransitionAlpha()), command);
    }

    private static double? Found(CriticalLoad load) => load.Found ? load.Alpha : null;
}
