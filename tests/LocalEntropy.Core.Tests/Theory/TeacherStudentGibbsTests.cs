using LocalEntropy.Theory;

namespace LocalEntropy.Core.Tests.Theory;

public class TeacherStudentGibbsTests
{
    [Fact]
    public void TransitionAlpha_IsGyorgyiFirstOrderTransition()
    {
        CriticalLoad load = TeacherStudentGibbs.TransitionAlpha();
        Assert.True(load.Found, load.Failure);
        Assert.Equal(1.245, load.Alpha, 0.005);
    }

    [Fact]
    public void Solve_VanishingLoad_IsUninformed()
    {
        GibbsLearningPoint p = TeacherStudentGibbs.Solve(1e-6);
        Assert.True(p.Converged);
        Assert.Equal(Math.Log(2), p.Entropy, 1e-5);
        Assert.Equal(0, p.Overlap, 1e-5);
        Assert.Equal(0.5, p.GeneralizationError, 1e-5);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Solve_MatchesIndependentTrapezoidEvaluation(double alpha)
    {
        GibbsLearningPoint p = TeacherStudentGibbs.Solve(alpha);
        (double error, double entropy, double q) = ReferenceReplica.TeacherStudent(alpha);
        Assert.True(p.Converged);
        // The reference stops its iteration at steps of 1e-11 and differentiates Ψ numerically: agreement to ~1e-10.
        Assert.Equal(error, p.GeneralizationError, 1e-9);
        Assert.Equal(entropy, p.Entropy, 1e-9);
        Assert.Equal(q, p.Overlap, 1e-9);
    }

    [Fact]
    public void Solve_GeneralizationErrorFallsWithLoad()
    {
        double[] errors = [.. new[] { 0.2, 0.6, 1.0, 1.4 }.Select(a => TeacherStudentGibbs.Solve(a).GeneralizationError)];
        Assert.True(errors.Zip(errors.Skip(1)).All(p => p.First > p.Second), string.Join(", ", errors));
    }

    [Fact]
    public void Solve_BeyondTheSpinodal_ReportsNotConvergedWithoutNumbers()
    {
        // The poor-generalization branch ends near α ≈ 1.49; past it the iteration runs to q = 1.
        GibbsLearningPoint p = TeacherStudentGibbs.Solve(1.6);
        Assert.False(p.Converged);
        Assert.Equal(SaddlePointStop.NonFinite, p.Saddle.StopReason);
        Assert.True(double.IsNaN(p.GeneralizationError) && double.IsNaN(p.Entropy) && double.IsNaN(p.Overlap));
    }
}
