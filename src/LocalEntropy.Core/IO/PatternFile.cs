using System.Globalization;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.IO;

/// <summary>
/// The plain-text pattern file (docs/cli.md): `#` comment lines, then one line per pattern with the label σ followed
/// by the N inputs ξ_1..ξ_N, each `-1` or `1`, separated by white space. A comment `# teacher: +-+…` records the
/// teacher of a teacher-student instance.
/// </summary>
public static class PatternFile
{
    private const string TeacherTag = "# teacher:";

    /// <summary>Reads a perceptron instance; throws <see cref="InstanceFormatException"/> naming file and line.</summary>
    public static Perceptron Read(string path)
    {
        return Parse(InstanceFormatException.ReadLines(path), path);
    }

    /// <summary>Parses the lines of a pattern file; <paramref name="name"/> is used in error messages.</summary>
    public static Perceptron Parse(IReadOnlyList<string> lines, string name)
    {
        var (inputs, labels, teacher) = ParsePatterns(lines, name);
        return new Perceptron(inputs, labels, teacher);
    }

    /// <summary>Reads a committee-machine instance with <paramref name="hiddenUnits"/> hidden units.</summary>
    public static CommitteeMachine ReadCommittee(string path, int hiddenUnits, bool tree)
    {
        string[] lines = InstanceFormatException.ReadLines(path);
        var (inputs, labels, _) = ParsePatterns(lines, path);
        int length = inputs[0].Length;
        int perUnit = tree ? (length % hiddenUnits == 0 ? length / hiddenUnits : -1) : length;
        if (perUnit < 0) throw new InstanceFormatException(path, 0, $"{length} inputs cannot be split into K = {hiddenUnits} equal blocks (tree committee)");
        if (perUnit % 2 == 0) throw new InstanceFormatException(path, 0, $"{perUnit} inputs per hidden unit; the committee machine needs an odd number");
        return new CommitteeMachine(hiddenUnits, tree, inputs, labels);
    }

    /// <summary>Writes a committee-machine instance (same format: label, then the inputs).</summary>
    public static void Write(CommitteeMachine problem, TextWriter writer, IEnumerable<string>? comments = null)
    {
        foreach (string c in comments ?? []) writer.WriteLine($"# {c}");
        for (int mu = 0; mu < problem.P; mu++) WriteRow(writer, problem.Label(mu), problem.Input(mu));
    }

    private static (List<SpinVector> Inputs, List<int> Labels, SpinVector? Teacher) ParsePatterns(IReadOnlyList<string> lines, string name)
    {
        var inputs = new List<SpinVector>();
        var labels = new List<int>();
        SpinVector? teacher = null;
        int teacherLine = 0;
        int width = -1, widthLine = 0;
        var row = new List<sbyte>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            int lineNo = i + 1;
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                if (line.StartsWith(TeacherTag, StringComparison.Ordinal))
                {
                    if (teacher is not null)
                        throw new InstanceFormatException(name, lineNo, $"a second teacher line (the first is line {teacherLine})");
                    teacher = WeightsFile.ParseSpins(line[TeacherTag.Length..].Trim(), name, lineNo);
                    teacherLine = lineNo;
                }
                continue;
            }
            row.Clear();
            ParseValues(line, name, lineNo, row);
            if (row.Count < 2)
                throw new InstanceFormatException(name, lineNo, "a pattern line needs a label and at least one input");
            if (width < 0)
            {
                width = row.Count;
                widthLine = lineNo;
            }
            else if (row.Count != width)
            {
                throw new InstanceFormatException(name, lineNo,
                    $"{row.Count} values, but line {widthLine} has {width} (label + {width - 1} inputs)");
            }
            labels.Add(row[0]);
            inputs.Add(SpinVector.FromSpins(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(row)[1..]));
        }
        if (inputs.Count == 0) throw new InstanceFormatException(name, 0, "no patterns (the file is empty or only comments)");
        if (teacher is not null && teacher.Length != width - 1)
        {
            throw new InstanceFormatException(name, teacherLine,
                $"teacher has {teacher.Length} weights, but the patterns have {width - 1} inputs");
        }
        return (inputs, labels, teacher);
    }

    /// <summary>
    /// The L recorded by a `# levels: L` comment (as `lent generate perceptron --levels L` writes it), or null when the
    /// pattern file has none.
    /// </summary>
    public static int? ReadLevels(string path) => WeightsFile.LevelsOf(InstanceFormatException.ReadLines(path), path)?.Levels;

    /// <summary>
    /// Writes <paramref name="problem"/> in pattern-file form, with the given header comments and, when
    /// <paramref name="levels"/> is given, a `# levels: L` comment naming the weights it is meant for.
    /// </summary>
    public static void Write(Perceptron problem, TextWriter writer, IEnumerable<string>? comments = null, int? levels = null)
    {
        foreach (string c in comments ?? []) writer.WriteLine($"# {c}");
        if (levels is int l) writer.WriteLine($"{WeightsFile.LevelsTag} {l}");
        if (problem.Teacher is not null) writer.WriteLine($"{TeacherTag} {problem.Teacher.ToPlusMinus()}");
        for (int mu = 0; mu < problem.P; mu++) WriteRow(writer, problem.Label(mu), problem.Input(mu));
    }

    private static void WriteRow(TextWriter writer, int label, SpinVector xi)
    {
        var buffer = new char[3 * (xi.Length + 1)];
        int len = 0;
        Append(label, buffer, ref len);
        for (int j = 0; j < xi.Length; j++)
        {
            buffer[len++] = ' ';
            Append(xi[j], buffer, ref len);
        }
        writer.WriteLine(buffer, 0, len);
    }

    private static void Append(int spin, char[] buffer, ref int len)
    {
        if (spin < 0) buffer[len++] = '-';
        buffer[len++] = '1';
    }

    internal static void ParseValues(string line, string name, int lineNo, List<sbyte> values)
    {
        int column = 0;
        foreach (var range in line.AsSpan().SplitAny(" \t"))
        {
            ReadOnlySpan<char> token = line.AsSpan(range);
            if (token.IsEmpty) continue;
            column++;
            values.Add(token switch
            {
                "1" or "+1" => 1,
                "-1" => -1,
                _ => throw new InstanceFormatException(name, lineNo,
                    $"value {column} is '{Shorten(token)}', expected -1 or 1"),
            });
        }
    }

    internal static string Shorten(ReadOnlySpan<char> token) =>
        token.Length <= 20 ? token.ToString() : string.Create(CultureInfo.InvariantCulture, $"{token[..17]}...");
}
