using System.Diagnostics.CodeAnalysis;

namespace LocalEntropy.MessagePassing;

/// <summary>One step of a focusing protocol: coupling γ to the centre and number of replicas y.</summary>
public readonly record struct FocusingStep(double Gamma, double Y);

/// <summary>
/// A sequence of (γ, y) steps for focusing BP (ALGORITHMS.md §3.6). BP runs to convergence at each step; the run
/// stops as soon as the signs of the marginals solve the problem.
/// </summary>
public abstract record FocusingProtocol : IParsable<FocusingProtocol>
{
    /// <summary>The names <see cref="Parse"/> reads, one per protocol with a default schedule.</summary>
    public static IReadOnlyList<string> Names { get; } = ["pseudo-reinforcement", "standard-reinforcement", "scoping"];

    /// <summary>The steps, in order.</summary>
    public abstract IReadOnlyList<FocusingStep> Steps();

    /// <summary>Name used on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>ρ values start, start+step, … while below end (inclusive of start).</summary>
    protected static IEnumerable<double> Range(double start, double step, double end)
    {
        if (!(step > 0)) throw new ArgumentOutOfRangeException(nameof(step), step, "must be positive");
        if (!(end >= start)) throw new ArgumentOutOfRangeException(nameof(end), end, "must be at least the start");
        int count = (int)Math.Floor((end - start) / step + 1e-9) + 1;
        return Enumerable.Range(0, count).Select(i => start + i * step);
    }

    /// <summary>γ = ∞ and y = 1/(1 − ρ): plain reinforcement, the focusing field becomes ρ/(1 − ρ) times the data field.</summary>
    public sealed record StandardReinforcement(double RhoStart = 0, double RhoStep = 0.01, double RhoEnd = 0.99) : FocusingProtocol
    {
        /// <inheritdoc />
        public override string Name => "standard-reinforcement";

        /// <inheritdoc />
        public override IReadOnlyList<FocusingStep> Steps()
        {
            CheckRho(RhoStart, RhoEnd);
            return [.. Range(RhoStart, RhoStep, RhoEnd).Select(r => new FocusingStep(double.PositiveInfinity, 1 / (1 - r)))];
        }
    }

    /// <summary>γ = atanh(ρ^x), y = 1 + ρ^{1−2x}/(1 − ρ) (x = ½ by default); by default ρ = 0, 0.005, …, 0.995.</summary>
    public sealed record PseudoReinforcement(double RhoStart = 0, double RhoStep = 0.005, double RhoEnd = 0.999, double X = 0.5) : FocusingProtocol
    {
        /// <inheritdoc />
        public override string Name => "pseudo-reinforcement";

        /// <inheritdoc />
        public override IReadOnlyList<FocusingStep> Steps()
        {
            CheckRho(RhoStart, RhoEnd);
            if (!(X > 0 && X < 1)) throw new ArgumentOutOfRangeException(nameof(X), X, "must be in (0, 1)");
            return [.. Range(RhoStart, RhoStep, RhoEnd).Select(r =>
                new FocusingStep(Math.Atanh(Math.Pow(r, X)), 1 + Math.Pow(r, 1 - 2 * X) / (1 - r)))];
        }
    }

    /// <summary>Fixed y, γ from <see cref="GammaStart"/> to <see cref="GammaEnd"/> in <see cref="Count"/> geometric steps.</summary>
    public sealed record Scoping(double GammaStart = 0.01, double GammaEnd = 10, int Count = 100, double Y = 7) : FocusingProtocol
    {
        /// <inheritdoc />
        public override string Name => "scoping";

        /// <inheritdoc />
        public override IReadOnlyList<FocusingStep> Steps()
        {
            if (!(GammaStart > 0 && GammaEnd >= GammaStart)) throw new ArgumentOutOfRangeException(nameof(GammaStart), "need 0 < start <= end");
            if (Count < 1) throw new ArgumentOutOfRangeException(nameof(Count), Count, "must be at least 1");
            if (!(Y >= 1)) throw new ArgumentOutOfRangeException(nameof(Y), Y, "must be at least 1");
            return [.. Enumerable.Range(0, Count).Select(i =>
                new FocusingStep(GammaStart * Math.Pow(GammaEnd / GammaStart, Count == 1 ? 1 : (double)i / (Count - 1)), Y))];
        }
    }

    /// <summary>An explicit list of (γ, y) steps.</summary>
    public sealed record FreeScoping(IReadOnlyList<FocusingStep> List) : FocusingProtocol
    {
        /// <inheritdoc />
        public override string Name => "free-scoping";

        /// <inheritdoc />
        public override IReadOnlyList<FocusingStep> Steps()
        {
            if (List.Count == 0) throw new ArgumentException("needs at least one step", nameof(List));
            foreach (var s in List)
            {
                if (!(s.Gamma >= 0) || !(s.Y >= 1)) throw new ArgumentOutOfRangeException(nameof(List), s, "steps need γ >= 0 and y >= 1");
            }
            return List;
        }
    }

    /// <summary>The protocol called <paramref name="s"/> (one of <see cref="Names"/>) with its default schedule.</summary>
    public static FocusingProtocol Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out FocusingProtocol? p) ? p : throw new FormatException($"'{s}' is not a focusing protocol: expected one of {string.Join(", ", Names)}");

    /// <inheritdoc cref="Parse(string, IFormatProvider?)" />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out FocusingProtocol result)
    {
        result = s switch
        {
            "pseudo-reinforcement" => new PseudoReinforcement(),
            "standard-reinforcement" => new StandardReinforcement(),
            "scoping" => new Scoping(),
            _ => null,
        };
        return result is not null;
    }

    private static void CheckRho(double start, double end)
    {
        if (!(start >= 0 && end < 1)) throw new ArgumentOutOfRangeException(nameof(start), $"ρ must lie in [0, 1), got {start} to {end}");
    }
}
