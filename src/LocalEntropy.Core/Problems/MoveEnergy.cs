using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LocalEntropy.Problems;

/// <summary>The kind of energy a local-move solver descends.</summary>
public enum MoveEnergyKind
{
    /// <summary>The number of violated constraints (training errors) itself.</summary>
    Errors,

    /// <summary>Σ_μ max(0, margin − h^μ) on the integer fields: smoother, so annealing does not freeze on plateaus.</summary>
    Hinge,
}

/// <summary>
/// The energy used to accept or reject moves. Whatever it is, solvers track and report the error count; this only
/// shapes the landscape they walk on (ALGORITHMS.md §1.1, "smoother energies").
/// </summary>
public sealed record MoveEnergy(MoveEnergyKind Kind, int Margin = 0) : IParsable<MoveEnergy>
{
    /// <summary>The plain error count.</summary>
    public static MoveEnergy Errors { get; } = new(MoveEnergyKind.Errors);

    /// <summary>The hinge on integer fields with the given margin (in units of the integer field W·x).</summary>
    public static MoveEnergy Hinge(int margin) => new(MoveEnergyKind.Hinge, margin);

    /// <summary>Throws for a negative margin.</summary>
    public void Validate()
    {
        if (Margin < 0) throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "the hinge margin must be >= 0");
        if (Kind == MoveEnergyKind.Errors && Margin != 0)
            throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "the error-count energy takes no margin");
    }

    /// <summary>Reads "errors", "hinge" (margin 0) or "hinge:K".</summary>
    public static MoveEnergy Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out MoveEnergy? e) ? e : throw new FormatException($"'{s}' is not a move energy: expected errors, hinge or hinge:K");

    /// <inheritdoc cref="Parse(string, IFormatProvider?)" />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out MoveEnergy result)
    {
        string[] parts = (s ?? "").Split(':', StringSplitOptions.TrimEntries);
        result = parts switch
        {
            ["errors"] => Errors,
            ["hinge"] => Hinge(0),
            ["hinge", var k] when int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out int margin) => Hinge(margin),
            _ => null,
        };
        return result is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Kind == MoveEnergyKind.Errors ? "errors" : $"hinge(k={Margin})";
}
