namespace LocalEntropy.Problems;

/// <summary>
/// A per-pattern energy f(h) of an integer field h that moves in steps of ±2, written as sums of level-set
/// indicators [h ≤ t]. With I the set of patterns whose field rises under a flip,
/// ΔE = Σ_μ dec(h^μ) + Σ_{μ∈I} (inc − dec)(h^μ), where inc(h) = f(h+2) − f(h) and dec(h) = f(h−2) − f(h).
/// Both dec and inc − dec are finite sums Σ_t c_t [h ≤ t], so ΔE needs only popcounts of level-set bitsets.
/// </summary>
internal sealed class FieldEnergy
{
    private readonly MoveEnergy _energy;

    private FieldEnergy(MoveEnergy energy, int[] thresholds, int[] decCoefficients, int[] diffCoefficients, int errorLevel)
    {
        _energy = energy;
        Thresholds = thresholds;
        DecCoefficients = decCoefficients;
        DiffCoefficients = diffCoefficients;
        ErrorLevel = errorLevel;
    }

    /// <summary>Distinct thresholds t of the level sets {h ≤ t}; one of them gives the error set (see <see cref="ErrorLevel"/>).</summary>
    public int[] Thresholds { get; }

    /// <summary>dec(h) = Σ_i DecCoefficients[i]·[h ≤ Thresholds[i]].</summary>
    public int[] DecCoefficients { get; }

    /// <summary>inc(h) − dec(h) = Σ_i DiffCoefficients[i]·[h ≤ Thresholds[i]].</summary>
    public int[] DiffCoefficients { get; }

    /// <summary>Index of the threshold whose level set is the set of violated patterns (h ≤ 0).</summary>
    public int ErrorLevel { get; }

    /// <summary>f(h) for one pattern.</summary>
    public int Value(int h) => _energy.Kind == MoveEnergyKind.Errors ? (h <= 0 ? 1 : 0) : Math.Max(0, _energy.Margin - h);

    /// <summary>
    /// The decomposition for fields that all have the parity of <paramref name="fieldParity"/> (the perceptron's
    /// fields have the parity of N): each threshold snaps down to the nearest value of that parity, and level sets
    /// that become equal are merged, so fewer bitsets need maintaining.
    /// </summary>
    public static FieldEnergy For(MoveEnergy energy, int fieldParity)
    {
        FieldEnergy general = For(energy);
        int Snap(int t) => ((t - fieldParity) & 1) == 0 ? t : t - 1;
        int errorThreshold = Snap(0);
        var dec = new Dictionary<int, int>();
        var diff = new Dictionary<int, int>();
        for (int i = 0; i < general.Thresholds.Length; i++)
        {
            int t = Snap(general.Thresholds[i]);
            Add(dec, t, general.DecCoefficients[i]);
            Add(diff, t, general.DiffCoefficients[i]);
        }
        int[] thresholds = dec.Keys.Union(diff.Keys).Where(t => t == errorThreshold || dec[t] != 0 || diff[t] != 0).Order().ToArray();
        return new FieldEnergy(
            energy,
            thresholds,
            thresholds.Select(t => dec.GetValueOrDefault(t)).ToArray(),
            thresholds.Select(t => diff.GetValueOrDefault(t)).ToArray(),
            Array.IndexOf(thresholds, errorThreshold));
    }

    public static FieldEnergy For(MoveEnergy energy)
    {
        energy.Validate();
        var dec = new Dictionary<int, int>();
        var diff = new Dictionary<int, int>();
        if (energy.Kind == MoveEnergyKind.Errors)
        {
            // f = [h ≤ 0]: dec = [h ≤ 2] − [h ≤ 0]; inc − dec = f(h+2) − f(h−2) = [h ≤ −2] − [h ≤ 2].
            Add(dec, 2, 1); Add(dec, 0, -1);
            Add(diff, -2, 1); Add(diff, 2, -1);
        }
        else
        {
            // f = max(0, k − h): dec = [h ≤ k] + [h ≤ k+1]; inc − dec = −Σ_{t=k−2}^{k+1} [h ≤ t].
            int k = energy.Margin;
            Add(dec, k, 1); Add(dec, k + 1, 1);
            for (int t = k - 2; t <= k + 1; t++) Add(diff, t, -1);
        }
        int[] thresholds = dec.Keys.Union(diff.Keys).Append(0).Distinct().Order().ToArray();
        return new FieldEnergy(
            energy,
            thresholds,
            thresholds.Select(t => dec.GetValueOrDefault(t)).ToArray(),
            thresholds.Select(t => diff.GetValueOrDefault(t)).ToArray(),
            Array.IndexOf(thresholds, 0));
    }

    private static void Add(Dictionary<int, int> d, int t, int c) => d[t] = d.GetValueOrDefault(t) + c;
}
