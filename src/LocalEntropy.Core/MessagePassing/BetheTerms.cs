using LocalEntropy.Numerics;

namespace LocalEntropy.MessagePassing;

/// <summary>
/// The variable side of the Bethe free entropy, shared by the perceptron and the committee machine:
/// Φ = Σ_s log 2cosh H_s + Σ_μ [log Z_μ + Σ_s ℓ_{μs}], with ℓ_{μs} = log 2cosh(H_s − g_{μs}) − log 2cosh H_s
/// = log cosh g_{μs} + log(1 − M_s u_{μs}) (M_s = tanh H_s, u = tanh g). Where |u| &lt; <see cref="WellConditioned"/>
/// the cavity magnetization (M_s − u)/(1 − M_s u) and the products under ℓ need no transcendental function per pair.
/// </summary>
internal static class BetheTerms
{
    /// <summary>
    /// Bound on |u| below which the algebraic forms are used: 1 − M u ≥ 10⁻³ keeps them accurate to ~1e-13 and each
    /// product of 16 factors above 1e-96.
    /// </summary>
    public const double WellConditioned = 0.999;

    /// <summary>Fills M_s = tanh H_s and log 2cosh H_s; returns Σ_s log 2cosh H_s.</summary>
    public static double Variables(ReadOnlySpan<double> total, Span<double> magnetization, Span<double> logTwoCosh)
    {
        double sum = 0;
        for (int s = 0; s < total.Length; s++)
        {
            magnetization[s] = Math.Tanh(total[s]);
            logTwoCosh[s] = GaussianTails.LogTwoCosh(total[s]);
            sum += logTwoCosh[s];
        }
        return sum;
    }

    /// <summary>
    /// For the pairs (μ, s) of one factor, in the block of variables the spans cover: writes the cavity magnetizations
    /// m_{s→μ} to <paramref name="cavity"/>, returns Σ_s ℓ_{μs}, and gives the mean Σ x_s m_s and variance
    /// Σ (1 − m_s²) of the cavity field.
    /// </summary>
    public static double Edges(
        ReadOnlySpan<double> total, ReadOnlySpan<double> g, ReadOnlySpan<double> u, ReadOnlySpan<double> magnetization,
        ReadOnlySpan<double> logTwoCosh, ReadOnlySpan<double> x, Span<double> cavity, out double mean, out double variance)
    {
        double sum = 0, numerator = 1, denominator = 1;
        mean = 0;
        variance = 0;
        for (int s = 0; s < total.Length; s++)
        {
            double m;
            if (Math.Abs(u[s]) < WellConditioned)
            {
                double oneMinus = 1 - magnetization[s] * u[s];
                m = (magnetization[s] - u[s]) / oneMinus;
                numerator *= oneMinus * oneMinus;
                denominator *= 1 - u[s] * u[s];
            }
            else
            {
                double h = total[s] - g[s];
                m = Math.Tanh(h);
                sum += GaussianTails.LogTwoCosh(h) - logTwoCosh[s];
            }
            // Flushing every 16 pairs keeps both products inside the double range (each factor ≥ 1e-6).
            if ((s & 15) == 15)
            {
                sum += 0.5 * (Math.Log(numerator) - Math.Log(denominator));
                numerator = denominator = 1;
            }
            cavity[s] = m;
            mean += x[s] * m;
            variance += 1 - m * m;
        }
        return sum + 0.5 * (Math.Log(numerator) - Math.Log(denominator));
    }
}
