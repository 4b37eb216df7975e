namespace LocalEntropy.Solvers;

/// <summary>
/// Acceptance probabilities exp(−β ΔE) for small integer ΔE, refreshed whenever β changes, so the inner loop of a
/// Monte Carlo sweep calls no transcendental function.
/// </summary>
internal sealed class MetropolisTable
{
    private const int Size = 256;
    private readonly double[] _accept = new double[Size];
    private double _beta;

    /// <summary>The current β.</summary>
    public double BetaValue => _beta;

    public void SetBeta(double beta)
    {
        _beta = beta;
        for (int d = 0; d < Size; d++) _accept[d] = Math.Exp(-beta * d);
    }

    /// <summary>exp(−β·<paramref name="delta"/>) for delta ≥ 0.</summary>
    public double Accept(int delta) => delta < Size ? _accept[delta] : Math.Exp(-_beta * delta);

    /// <summary>exp(−β·<paramref name="delta"/>) for any delta (above one for delta &lt; 0).</summary>
    public double Factor(int delta) => delta >= 0 ? Accept(delta) : Math.Exp(-_beta * delta);
}
