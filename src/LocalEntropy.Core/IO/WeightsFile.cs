using System.Globalization;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.IO;

/// <summary>
/// A weights file: `#` comment lines and one line holding N values `-1`/`1` separated by white space, or one string
/// of `+`/`-` characters. Multi-level weights (L+1 levels) are written as a comment `# levels: L` and one line of N
/// integer numerators w_i ∈ {−L, −L+2, …, L} (the weight is w_i/L); for L = 1 that is the ±1 line.
/// </summary>
public static class WeightsFile
{
    /// <summary>The comment that records L in weights and pattern files.</summary>
    public const string LevelsTag = "# levels:";

    /// <summary>Writes multi-level weights: the `# levels: L` comment and the numerators.</summary>
    public static void Write(LevelWeights weights, TextWriter writer)
    {
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{LevelsTag} {weights.Levels}"));
        writer.WriteLine(weights.ToString());
    }

    /// <summary>
    /// Reads multi-level weights for L = <paramref name="levels"/>: every value must be a level numerator, and a
    /// `# levels:` comment, when present, must say the same L.
    /// </summary>
    public static LevelWeights ReadLevels(string path, int levels, int? expectedLength = null) =>
        ParseLevels(InstanceFormatException.ReadLines(path), path, levels, expectedLength);

    /// <summary>Parses multi-level weights; see <see cref="ReadLevels"/>.</summary>
    public static LevelWeights ParseLevels(IReadOnlyList<string> lines, string name, int levels, int? expectedLength = null)
    {
        LevelWeights.CheckLevels(levels);
        if (LevelsOf(lines, name) is (int tagged, int tagLine) && tagged != levels)
            throw new InstanceFormatException(name, tagLine, $"the weights have L = {tagged} levels, but L = {levels} was asked for");
        var values = new List<int>();
        int weightsLine = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (weightsLine > 0)
            {
                throw new InstanceFormatException(name, i + 1,
                    $"a second line of weights (the weights are on line {weightsLine}; a weights file has one)");
            }
            weightsLine = i + 1;
            int column = 0;
            foreach (var range in line.AsSpan().SplitAny(" \t"))
            {
                ReadOnlySpan<char> token = line.AsSpan(range);
                if (token.IsEmpty) continue;
                column++;
                if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || !LevelWeights.IsLevel(v, levels))
                {
                    throw new InstanceFormatException(name, i + 1,
                        $"value {column} is '{PatternFile.Shorten(token)}', expected a level numerator for L = {levels}: {LevelWeights.Describe(levels)}");
                }
                values.Add(v);
            }
        }
        if (weightsLine == 0) throw new InstanceFormatException(name, 0, "no weights (the file is empty or only comments)");
        if (expectedLength is int n && values.Count != n)
            throw new InstanceFormatException(name, weightsLine, $"{values.Count} weights, but the patterns have N = {n} inputs");
        return LevelWeights.FromNumerators(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), levels);
    }

    /// <summary>
    /// The L of a `# levels: L` comment and its line, or null when the file has none; a malformed or repeated tag is
    /// an error naming its line.
    /// </summary>
    public static (int Levels, int Line)? LevelsOf(IReadOnlyList<string> lines, string name)
    {
        (int, int)? found = null;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (!line.StartsWith(LevelsTag, StringComparison.Ordinal)) continue;
            if (found is (_, int first)) throw new InstanceFormatException(name, i + 1, $"a second levels line (the first is line {first})");
            string value = line[LevelsTag.Length..].Trim();
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int levels) || levels < 1 || levels > LevelWeights.MaxLevels)
            {
                throw new InstanceFormatException(name, i + 1,
                    $"levels is '{PatternFile.Shorten(value)}', expected a positive integer L (at most {LevelWeights.MaxLevels})");
            }
            found = (levels, i + 1);
        }
        return found;
    }
    /// <summary>Reads a weight vector; when <paramref name="expectedLength"/> is given, a different length is an error.</summary>
    public static SpinVector Read(string path, int? expectedLength = null)
    {
        string[] lines = InstanceFormatException.ReadLines(path);
        return Parse(lines, path, expectedLength);
    }

    /// <summary>Parses the lines of a weights file; <paramref name="name"/> is used in error messages.</summary>
    public static SpinVector Parse(IReadOnlyList<string> lines, string name, int? expectedLength = null)
    {
        SpinVector? weights = null;
        int weightsLine = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (weights is not null)
            {
                throw new InstanceFormatException(name, i + 1,
                    $"a second line of weights (the weights are on line {weightsLine}; a weights file has one)");
            }
            weights = ParseSpins(line, name, i + 1);
            weightsLine = i + 1;
        }
        if (weights is null) throw new InstanceFormatException(name, 0, "no weights (the file is empty or only comments)");
        if (expectedLength is int n && weights.Length != n)
        {
            throw new InstanceFormatException(name, weightsLine,
                $"{weights.Length} weights, but the patterns have N = {n} inputs");
        }
        return weights;
    }

    /// <summary>
    /// Reads the weights of a committee machine: <paramref name="units"/> lines of <paramref name="perUnit"/> values
    /// (one line per hidden unit), or one line of all K·N values unit after unit (as `lent count --out` writes
    /// solutions); returned concatenated unit after unit.
    /// </summary>
    public static SpinVector ReadUnits(string path, int units, int perUnit)
    {
        string[] lines = InstanceFormatException.ReadLines(path);
        return ParseUnits(lines, path, units, perUnit);
    }

    /// <summary>Parses committee weights; see <see cref="ReadUnits"/>.</summary>
    public static SpinVector ParseUnits(IReadOnlyList<string> lines, string name, int units, int perUnit)
    {
        var all = new SpinVector(units * perUnit);
        int unit = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (unit == units) throw new InstanceFormatException(name, i + 1, $"more than K = {units} lines of weights");
            SpinVector w = ParseSpins(line, name, i + 1);
            if (unit == 0 && units > 1 && w.Length == units * perUnit) return OnlyLine(lines, i, name, w);
            if (w.Length != perUnit)
                throw new InstanceFormatException(name, i + 1, $"{w.Length} weights, but each hidden unit has N = {perUnit}");
            for (int j = 0; j < perUnit; j++) all[unit * perUnit + j] = w[j];
            unit++;
        }
        if (unit < units) throw new InstanceFormatException(name, 0, $"{unit} lines of weights, the committee has K = {units} hidden units");
        return all;
    }

    /// <summary>All units on line <paramref name="at"/>: no further weights may follow.</summary>
    private static SpinVector OnlyLine(IReadOnlyList<string> lines, int at, string name, SpinVector all)
    {
        for (int i = at + 1; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
                throw new InstanceFormatException(name, i + 1, $"more weights after line {at + 1}, which already holds all {all.Length} synapses");
        }
        return all;
    }

    /// <summary>Writes committee weights as one `+`/`-` line per hidden unit.</summary>
    public static void WriteUnits(SpinVector weights, int units, TextWriter writer)
    {
        int perUnit = weights.Length / units;
        string all = weights.ToPlusMinus();
        for (int k = 0; k < units; k++) writer.WriteLine(all.AsSpan(k * perUnit, perUnit));
    }

    /// <summary>Writes weights as one `+`/`-` string.</summary>
    public static void Write(SpinVector weights, TextWriter writer) => writer.WriteLine(weights.ToPlusMinus());

    /// <summary>Parses one line: either `+`/`-` characters or white-space separated ±1 values.</summary>
    internal static SpinVector ParseSpins(string line, string name, int lineNo)
    {
        if (line.Length > 0 && (line[0] == '+' || line[0] == '-') && !line.Contains('1') && !line.Contains(' '))
        {
            var spins = new sbyte[line.Length];
            for (int i = 0; i < line.Length; i++)
            {
                spins[i] = line[i] switch
                {
                    '+' => 1,
                    '-' => -1,
                    _ => throw new InstanceFormatException(name, lineNo,
                        $"character {i + 1} is '{line[i]}', expected '+' or '-'"),
                };
            }
            return SpinVector.FromSpins(spins);
        }
        var values = new List<sbyte>();
        PatternFile.ParseValues(line, name, lineNo, values);
        return SpinVector.FromSpins(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));
    }
}
