namespace LocalEntropy.Theory;

/// <summary>What every replica saddle point reports: its load, its entropy and how the iteration on q ended.</summary>
/// <param name="Alpha">Load α = P/N.</param>
/// <param name="Entropy">s(α), the log of the number of solutions per weight; NaN unless <see cref="Converged"/>.</param>
/// <param name="Saddle">How the iteration on q ended.</param>
public abstract record ReplicaPoint(double Alpha, double Entropy, SaddlePointResult Saddle)
{
    /// <summary>True when the saddle point converged, so the other fields are valid.</summary>
    public bool Converged => Saddle.Converged;

    /// <summary>Throws unless <paramref name="alpha"/> is a positive finite load.</summary>
    internal static void CheckLoad(double alpha)
    {
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "the load must be a positive number");
    }
}
