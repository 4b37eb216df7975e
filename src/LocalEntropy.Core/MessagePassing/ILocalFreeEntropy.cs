namespace LocalEntropy.MessagePassing;

/// <summary>
/// What entropy-driven Monte Carlo needs of a message-passing method: the Bethe free entropy of a problem's solutions
/// under external fields h_s (weight e^{Σ h_s x_s}), kept near its fixed point by warm-started sweeps, with one saved
/// state to return to when a trial move is rejected.
/// </summary>
public interface ILocalFreeEntropy
{
    /// <summary>Number of variables.</summary>
    int N { get; }

    /// <summary>Sets every message back to its uninformed start.</summary>
    void Reset();

    /// <summary>Sets the external field of variable <paramref name="s"/>.</summary>
    void SetExternalField(int s, double h);

    /// <summary>One update of every factor; returns the largest change of a message.</summary>
    double Sweep(BeliefPropagationOptions options);

    /// <summary>The Bethe free entropy at the current messages (in nats, not per variable).</summary>
    double FreeEntropy(BeliefPropagationOptions? options = null);

    /// <summary>Saves messages and fields (one saved state, overwritten by the next call).</summary>
    void Checkpoint();

    /// <summary>Puts back what <see cref="Checkpoint"/> saved.</summary>
    void Rollback();
}
