using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LocalEntropy.Numerics;

/// <summary>How a <see cref="Ramp"/> interpolates between its end points.</summary>
public enum RampShape
{
    /// <summary>Straight line from start to end.</summary>
    Linear,

    /// <summary>Constant ratio per step: start·(end/start)^t. Both ends must be positive.</summary>
    Geometric,
}

/// <summary>A schedule for an annealed parameter (β, γ, ρ, …) over a run, evaluated at a fraction t ∈ [0, 1].</summary>
public readonly record struct Ramp(double Start, double End, RampShape Shape) : IParsable<Ramp>
{
    /// <summary>A geometric ramp from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static Ramp Geometric(double start, double end) => new(start, end, RampShape.Geometric);

    /// <summary>A linear ramp from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static Ramp Linear(double start, double end) => new(start, end, RampShape.Linear);

    /// <summary>A constant schedule.</summary>
    public static Ramp Constant(double value) => new(value, value, RampShape.Linear);

    /// <summary>The value at fraction <paramref name="t"/> of the run (clamped to [0, 1]).</summary>
    public double At(double t)
    {
        t = Math.Clamp(t, 0.0, 1.0);
        return Shape == RampShape.Geometric
            ? Start * Math.Pow(End / Start, t)
            : Start + (End - Start) * t;
    }

    /// <summary>Throws when the ramp cannot be evaluated (non-finite ends, non-positive ends of a geometric ramp).</summary>
    public void Validate(string name)
    {
        if (!double.IsFinite(Start) || !double.IsFinite(End))
            throw new ArgumentOutOfRangeException(name, $"{name} ramp ends must be finite, got {Start} to {End}");
        if (Shape == RampShape.Geometric && (Start <= 0 || End <= 0))
            throw new ArgumentOutOfRangeException(name, $"{name} geometric ramp needs positive ends, got {Start} to {End}");
    }

    /// <summary>
    /// Reads "VALUE" (a constant) or "SHAPE:START:END" with SHAPE linear or geometric, e.g. "geometric:0.02:2"
    /// (numbers in invariant culture). The ends are checked by <see cref="Validate"/>, not here.
    /// </summary>
    public static Ramp Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out Ramp r) ? r : throw new FormatException($"'{s}' is not a ramp: expected VALUE or linear|geometric:START:END");

    /// <inheritdoc cref="Parse(string, IFormatProvider?)" />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Ramp result)
    {
        result = default;
        if (s is null) return false;
        string[] parts = s.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length == 1)
        {
            if (!TryNumber(parts[0], out double v)) return false;
            result = Constant(v);
            return true;
        }
        // The shape is a name: Enum.TryParse would also take "0" or "1".
        if (parts.Length != 3 || !parts[0].All(char.IsLetter) || !Enum.TryParse(parts[0], ignoreCase: true, out RampShape shape)
            || !TryNumber(parts[1], out double start) || !TryNumber(parts[2], out double end))
        {
            return false;
        }
        result = new Ramp(start, end, shape);
        return true;
    }

    private static bool TryNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <inheritdoc />
    public override string ToString() =>
        Start == End ? $"{Start:G4}" : $"{Start:G4}→{End:G4} ({Shape.ToString().ToLowerInvariant()})";
}
