using System.Globalization;

namespace LocalEntropy.Cli.Commands;

/// <summary>Parses the grids verbs sweep over: lists of numbers, ranges with a step, and seed ranges.</summary>
internal static class ValueGrid
{
    /// <summary>A longer grid is surely a slip in STEP.</summary>
    public const int MaxGridPoints = 10_000;

    /// <summary>
    /// "A1,A2,…" (listed order), or "MIN:MAX:STEP" (MIN, MIN + STEP, … up to MAX); every value positive. Ranges are
    /// stepped in decimal arithmetic, so the values are the decimals written (0.3, not 0.30000000000000004) and MAX
    /// is reached when STEP divides MAX − MIN.
    /// </summary>
    public static double[] PositiveNumbers(string option, string text)
    {
        string[] range = text.Split(':', StringSplitOptions.TrimEntries);
        if (range.Length == 3)
        {
            decimal low = (decimal)Positive(option, range[0], text), high = (decimal)Positive(option, range[1], text), step = (decimal)Positive(option, range[2], text);
            if (high < low) throw new UsageException($"{option}: MIN:MAX:STEP needs MIN <= MAX, got '{text}'");
            // Counted in double first: a tiny STEP would overflow the decimal quotient.
            if ((double)(high - low) / (double)step >= MaxGridPoints)
                throw new UsageException($"{option}: '{text}' has more than {MaxGridPoints} values");
            int count = (int)decimal.Floor((high - low) / step) + 1;
            return [.. Enumerable.Range(0, count).Select(i => (double)(low + i * step))];
        }
        if (range.Length != 1) throw new UsageException($"{option}: expected A1,A2,… or MIN:MAX:STEP, got '{text}'");
        string[] items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.Length > MaxGridPoints) throw new UsageException($"{option}: more than {MaxGridPoints} values");
        return [.. items.Select(item => Positive(option, item, text))];
    }

    /// <summary>"K" for the seeds 1 … K, or "FIRST:LAST" for a range.</summary>
    public static ulong[] Seeds(string option, string text)
    {
        string[] parts = text.Split(':', StringSplitOptions.TrimEntries);
        ulong Seed(string part) =>
            ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) && v >= 1
                ? v
                : throw new UsageException($"{option}: '{part}' is not a positive integer (in '{text}')");
        (ulong first, ulong last) = parts.Length switch
        {
            1 => (1UL, Seed(parts[0])),
            2 => (Seed(parts[0]), Seed(parts[1])),
            _ => throw new UsageException($"{option}: expected K (seeds 1…K) or FIRST:LAST, got '{text}'"),
        };
        if (last < first) throw new UsageException($"{option}: FIRST:LAST needs FIRST <= LAST, got '{text}'");
        if (last - first >= 1_000_000) throw new UsageException($"{option}: '{text}' is more than 1000000 seeds");
        var seeds = new ulong[last - first + 1];
        for (int i = 0; i < seeds.Length; i++) seeds[i] = first + (ulong)i;
        return seeds;
    }

    /// <summary>One positive finite number; anything else is a usage error naming the option and the whole value.</summary>
    public static double Positive(string option, string part, string text) =>
        double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v)
            ? v
            : throw new UsageException($"{option}: '{part}' is not a positive number (in '{text}')");
}
