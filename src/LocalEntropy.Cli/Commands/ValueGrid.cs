using System.Globalization;

namespace LocalEntropy.Cli.Commands;

/// <summary>Parses the grids verbs sweep over: lists of numbers, ranges with a step, and seed ranges.</summary>
internal static class ValueGrid
{
    /// <summary>
    /// "A1,A2,…" (listed order), or "MIN:MAX:STEP" (MIN, MIN + STEP, … up to MAX inclusive); every value positive.
    /// </summary>
    public static double[] PositiveNumbers(string option, string text)
    {
        string[] range = text.Split(':', StringSplitOptions.TrimEntries);
        if (range.Length == 3)
        {
            double low = Positive(option, range[0], text), high = Positive(option, range[1], text), step = Positive(option, range[2], text);
            if (high < low) throw new UsageException($"{option}: MIN:MAX:STEP needs MIN <= MAX, got '{text}'");
            // The tolerance keeps MAX in the grid when the steps do not add up exactly in binary.
            int count = (int)Math.Floor((high - low) / step + 1e-9) + 1;
            if (count > 100_000) throw new UsageException($"{option}: '{text}' makes {count} values; at most 100000");
            return [.. Enumerable.Range(0, count).Select(i => Math.Round(low + i * step, 12))];
        }
        if (range.Length != 1) throw new UsageException($"{option}: expected A1,A2,… or MIN:MAX:STEP, got '{text}'");
        string[] items = text.Split(',', StringSplitOptions.TrimEntries);
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

    /// <summary>"A,B,…": names in the listed order, each one of <paramref name="allowed"/> and none twice.</summary>
    public static string[] Names(string option, string text, IReadOnlyCollection<string> allowed)
    {
        string[] names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.FirstOrDefault(name => !allowed.Contains(name)) is { } unknown)
            throw new UsageException($"{option}: unknown '{unknown}' (in '{text}'); choose from {string.Join(", ", allowed)}");
        if (names.Distinct().Count() != names.Length) throw new UsageException($"{option}: '{text}' names one twice");
        return names;
    }

    /// <summary>One positive finite number; anything else is a usage error naming the option and the whole value.</summary>
    public static double Positive(string option, string part, string text) =>
        double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v)
            ? v
            : throw new UsageException($"{option}: '{part}' is not a positive number (in '{text}')");
}
