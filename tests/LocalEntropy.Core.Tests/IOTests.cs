using LocalEntropy.IO;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests;

/// <summary>A scratch directory removed after the test.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lent-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Entries() => [.. Directory.GetFileSystemEntries(Path).Select(e => System.IO.Path.GetFileName(e)).Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(Path, true);
}

public class IOTests
{
    private static string[] Lines(string text) => text.Split('\n');

    private static void AssertSameInstance(Perceptron expected, Perceptron actual)
    {
        Assert.Equal(expected.N, actual.N);
        Assert.Equal(expected.P, actual.P);
        for (int mu = 0; mu < expected.P; mu++)
        {
            Assert.Equal(expected.Input(mu), actual.Input(mu));
            Assert.Equal(expected.Label(mu), actual.Label(mu));
        }
        Assert.Equal(expected.Teacher, actual.Teacher);
    }

    private static InstanceFormatException AssertPatternError(string[] lines, int line, string detail)
    {
        var e = Assert.Throws<InstanceFormatException>(() => PatternFile.Parse(lines, "inst.txt"));
        Assert.Equal(line, e.Line);
        Assert.Equal("inst.txt", e.File);
        Assert.StartsWith(line > 0 ? $"inst.txt:{line}: " : "inst.txt: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
        Assert.Contains(detail, e.Problem, StringComparison.Ordinal);
        return e;
    }

    private static InstanceFormatException AssertWeightsError(string[] lines, int? n, int line, string detail)
    {
        var e = Assert.Throws<InstanceFormatException>(() => WeightsFile.Parse(lines, "w.txt", n));
        Assert.Equal(line, e.Line);
        Assert.Equal("w.txt", e.File);
        Assert.StartsWith(line > 0 ? $"w.txt:{line}: " : "w.txt: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
        return e;
    }

    [Theory]
    [InlineData(false, 67, 40)]
    [InlineData(true, 67, 40)]
    [InlineData(true, 64, 65)]
    [InlineData(false, 1, 3)]
    public void PatternFile_WriteThenParse_RoundTrips(bool teacher, int n, int p)
    {
        var rng = new Rng(21);
        Perceptron original = teacher ? PerceptronGenerator.TeacherStudent(n, p, rng) : PerceptronGenerator.Random(n, p, rng);
        var writer = new StringWriter();
        PatternFile.Write(original, writer, ["a header", "seed 21"]);
        string text = writer.ToString();
        AssertSameInstance(original, PatternFile.Parse(Lines(text), "mem"));
        Assert.StartsWith("# a header", text, StringComparison.Ordinal);
        Assert.Equal(teacher, text.Contains("# teacher: ", StringComparison.Ordinal));
    }

    [Fact]
    public void PatternFile_WriteThenReadFromDisk_RoundTripsWithTeacher()
    {
        using var dir = new TempDirectory();
        string path = dir.File("ts.txt");
        Perceptron original = PerceptronGenerator.TeacherStudent(101, 30, new Rng(22));
        AtomicFile.Write(path, w => PatternFile.Write(original, w));
        Perceptron read = PatternFile.Read(path);
        AssertSameInstance(original, read);
        Assert.Equal(0, read.Errors(read.Teacher!));
        Assert.Equal(["ts.txt"], dir.Entries());
    }

    [Fact]
    public void PatternFile_WritesOneLabelledLinePerPattern()
    {
        var problem = new Perceptron([SpinVector.FromSpins([1, -1, 1]), SpinVector.FromSpins([-1, -1, 1])], [-1, 1]);
        var writer = new StringWriter();
        PatternFile.Write(problem, writer);
        Assert.Equal(["-1 1 -1 1", "1 -1 -1 1"], writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void PatternFile_AcceptsCommentsBlankLinesTabsCarriageReturnsAndPlusOne()
    {
        Perceptron p = PatternFile.Parse(["# c", "", "1\t-1 +1\r", "  -1 1 1  ", "   # indented comment", "# trailing"], "f");
        Assert.Equal(2, p.N);
        Assert.Equal(2, p.P);
        Assert.Equal(1, p.Label(0));
        Assert.Equal(-1, p.Label(1));
        Assert.Equal([-1, 1], p.Input(0).ToSpins().Select(s => (int)s));
        Assert.Equal([1, 1], p.Input(1).ToSpins().Select(s => (int)s));
        Assert.Null(p.Teacher);
    }

    [Fact]
    public void PatternFile_TeacherComment_IsRead()
    {
        Perceptron p = PatternFile.Parse(["# teacher: +-+", "1 1 -1 1", "-1 -1 1 1"], "f");
        Assert.Equal("+-+", p.Teacher!.ToPlusMinus());
    }

    [Theory]
    [InlineData(new[] { "1 1 -1", "1 0 1" }, 2, "'0'")]
    [InlineData(new[] { "1 1 -1", "1 2 1" }, 2, "'2'")]
    [InlineData(new[] { "# c", "x 1 -1" }, 2, "'x'")]
    [InlineData(new[] { "1 1 -1", "1 1 1.0" }, 2, "'1.0'")]
    [InlineData(new[] { "1 1 -1", "", "1 1 --1" }, 3, "'--1'")]
    [InlineData(new[] { "0 1 -1" }, 1, "value 1")]
    [InlineData(new[] { "1 1 -1 0" }, 1, "value 4")]
    public void PatternFile_WrongToken_ThrowsWithFileLineAndToken(string[] lines, int line, string detail) =>
        AssertPatternError(lines, line, detail);

    [Theory]
    [InlineData(new[] { "1 1 -1 1", "1 1 -1" }, 2, "3 values")]
    [InlineData(new[] { "# c", "1 1 -1", "-1 1 1", "1 1 -1 1 1" }, 4, "5 values")]
    public void PatternFile_RaggedLine_ThrowsWithFileAndLine(string[] lines, int line, string detail)
    {
        InstanceFormatException e = AssertPatternError(lines, line, detail);
        // The message points back at the line that fixed the width.
        Assert.Contains("line", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "1" }, 1)]
    [InlineData(new[] { "1 -1 1", "# c", "-1" }, 3)]
    public void PatternFile_LabelOnly_ThrowsWithFileAndLine(string[] lines, int line) =>
        AssertPatternError(lines, line, "label");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("# only\n#comments\n")]
    [InlineData("# teacher: +-+")]
    public void PatternFile_NoPatterns_ThrowsForWholeFile(string? text) =>
        AssertPatternError(text is null ? [] : Lines(text), 0, "no patterns");

    [Theory]
    [InlineData(new[] { "# teacher: +-+", "1 1 -1" }, 1, "teacher")]
    [InlineData(new[] { "1 1 -1 1", "# teacher: +-?" }, 2, "'?'")]
    [InlineData(new[] { "1 1 -1 1", "# teacher: 1 0 1" }, 2, "'0'")]
    public void PatternFile_BadTeacher_ThrowsAtTeacherLine(string[] lines, int line, string detail) =>
        AssertPatternError(lines, line, detail);

    [Fact]
    public void PatternFile_MissingFile_ThrowsFormatExceptionNamingIt()
    {
        using var dir = new TempDirectory();
        string path = dir.File("absent.txt");
        var e = Assert.Throws<InstanceFormatException>(() => PatternFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Line);
    }

    [Fact]
    public void PatternFile_ReadFromDisk_ErrorNamesThePath()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.txt");
        File.WriteAllLines(path, ["# header", "1 1 -1", "1 1 x"]);
        var e = Assert.Throws<InstanceFormatException>(() => PatternFile.Read(path));
        Assert.Equal(3, e.Line);
        Assert.StartsWith($"{path}:3: ", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Theory]
    [InlineData(new[] { "+--+" }, "+--+")]
    [InlineData(new[] { "# w", "+--+", "# trailing" }, "+--+")]
    [InlineData(new[] { "1 -1 -1 1" }, "+--+")]
    [InlineData(new[] { "", "  1\t-1 -1 +1  " }, "+--+")]
    [InlineData(new[] { "-1" }, "-")]
    [InlineData(new[] { "-" }, "-")]
    [InlineData(new[] { "+" }, "+")]
    [InlineData(new[] { "1" }, "+")]
    public void WeightsFile_AcceptsPlusMinusStringAndValues(string[] lines, string expected) =>
        Assert.Equal(expected, WeightsFile.Parse(lines, "w").ToPlusMinus());

    [Fact]
    public void WeightsFile_WriteThenRead_RoundTrips()
    {
        using var dir = new TempDirectory();
        string path = dir.File("w.txt");
        var w = SpinVector.Random(1001, new Rng(23));
        AtomicFile.Write(path, writer => WeightsFile.Write(w, writer));
        Assert.Equal(w, WeightsFile.Read(path, 1001));
        Assert.Equal(w.ToPlusMinus(), File.ReadAllText(path).Trim());
    }

    [Theory]
    [InlineData(new[] { "1 -1 0 1" }, 1, "'0'")]
    [InlineData(new[] { "# c", "1 -1 2 1" }, 2, "'2'")]
    [InlineData(new[] { "1 -1 x 1" }, 1, "'x'")]
    [InlineData(new[] { "+-*+" }, 1, "'*'")]
    [InlineData(new[] { "# c", "", "+-+x" }, 3, "'x'")]
    [InlineData(new[] { "-+-0" }, 1, "'0'")]
    public void WeightsFile_BadValueOrCharacter_ThrowsWithLine(string[] lines, int line, string detail) =>
        AssertWeightsError(lines, null, line, detail);

    [Fact]
    public void WeightsFile_BadCharacterInPlusMinusString_NamesItsPosition() =>
        AssertWeightsError(["+-+-?-"], null, 1, "character 5");

    [Theory]
    [InlineData(new[] { "+-+" }, 4, 1, "3 weights")]
    [InlineData(new[] { "# c", "1 -1 1 1 1" }, 4, 2, "5 weights")]
    public void WeightsFile_LengthMismatch_ThrowsWithLine(string[] lines, int n, int line, string detail)
    {
        InstanceFormatException e = AssertWeightsError(lines, n, line, detail);
        Assert.Contains($"N = {n}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightsFile_TwoWeightLines_ThrowsAtTheSecond()
    {
        InstanceFormatException e = AssertWeightsError(["+-+-", "# c", "+-+-"], 4, 3, "second line");
        Assert.Contains("line 1", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("# nothing\n  \n")]
    public void WeightsFile_EmptyOrOnlyComments_ThrowsForWholeFile(string? text) =>
        AssertWeightsError(text is null ? [] : Lines(text), 4, 0, "no weights");

    [Fact]
    public void WeightsFile_ReadFromDisk_ErrorNamesThePathAndLine()
    {
        using var dir = new TempDirectory();
        string path = dir.File("w.txt");
        File.WriteAllLines(path, ["# weights", "+-+"]);
        var e = Assert.Throws<InstanceFormatException>(() => WeightsFile.Read(path, 5));
        Assert.StartsWith($"{path}:2: ", e.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<InstanceFormatException>(() => WeightsFile.Read(dir.File("none.txt")));
        Assert.Contains("none.txt", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InstanceFormatException_FormatsLocation()
    {
        var withLine = new InstanceFormatException("a.txt", 7, "bad");
        Assert.Equal("a.txt:7: bad", withLine.Message);
        Assert.Equal("bad", withLine.Problem);
        Assert.Equal("a.txt: bad", new InstanceFormatException("a.txt", 0, "bad").Message);
    }

    [Fact]
    public void AtomicFile_WriterThrows_LeavesNoFileAndNoTempFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.txt");
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, w =>
        {
            w.WriteLine("partial");
            w.Flush();
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("boom", e.Message);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void AtomicFile_WriterThrows_KeepsPreviousContent()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.txt");
        AtomicFile.Write(path, w => w.WriteLine("old"));
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, w =>
        {
            w.WriteLine("new, half written");
            w.Flush();
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old", File.ReadAllText(path).Trim());
        Assert.Equal(["out.txt"], dir.Entries());
    }

    [Fact]
    public void AtomicFolder_NewFolder_AppearsWithEveryFile()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("report");

        AtomicFolder.Write(folder, temp =>
        {
            Assert.False(Directory.Exists(folder));
            File.WriteAllText(System.IO.Path.Combine(temp, "a.png"), "a");
            File.WriteAllText(System.IO.Path.Combine(temp, "index.html"), "i");
        }, "index.html");

        Assert.Equal(["report"], dir.Entries());
        Assert.Equal(["a.png", "index.html"], Directory.GetFiles(folder).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AtomicFolder_ExistingFolder_ReplacesNamesakesAndKeepsTheRest()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("report");
        Directory.CreateDirectory(folder);
        File.WriteAllText(System.IO.Path.Combine(folder, "index.html"), "old");
        File.WriteAllText(System.IO.Path.Combine(folder, "notes.txt"), "mine");

        AtomicFolder.Write(folder, temp =>
        {
            File.WriteAllText(System.IO.Path.Combine(temp, "index.html"), "new");
            File.WriteAllText(System.IO.Path.Combine(temp, "z.png"), "z");
        }, "index.html");

        Assert.Equal("new", File.ReadAllText(System.IO.Path.Combine(folder, "index.html")));
        Assert.Equal("mine", File.ReadAllText(System.IO.Path.Combine(folder, "notes.txt")));
        Assert.True(File.Exists(System.IO.Path.Combine(folder, "z.png")));
        Assert.Equal(["report"], dir.Entries());
    }

    [Fact]
    public void AtomicFolder_WriterThrows_LeavesNothing()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("report");

        Assert.Throws<InvalidOperationException>(() => AtomicFolder.Write(folder, temp =>
        {
            File.WriteAllText(System.IO.Path.Combine(temp, "index.html"), "half");
            throw new InvalidOperationException("boom");
        }, "index.html"));

        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void AtomicFolder_MissingParent_ThrowsAndCreatesNothing()
    {
        using var dir = new TempDirectory();

        Assert.Throws<DirectoryNotFoundException>(() => AtomicFolder.Write(dir.File("no/report"), _ => { }, "index.html"));

        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void AtomicFile_Success_ReplacesContentAndLeavesOnlyTarget()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.txt");
        AtomicFile.Write(path, w => w.WriteLine("first"));
        AtomicFile.Write(path, w => w.WriteLine("second"));
        Assert.Equal("second", File.ReadAllText(path).Trim());
        Assert.Equal(["out.txt"], dir.Entries());
        // UTF-8 without a byte-order mark.
        Assert.Equal((byte)'s', File.ReadAllBytes(path)[0]);
    }

    [Fact]
    public void AtomicFile_Bytes_ReplacesContentExactlyAndLeavesOnlyTarget()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.png");
        AtomicFile.Write(path, [1, 2, 3, 4]);
        AtomicFile.Write(path, [0x89, 0x50, 0x4E, 0x47]);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(path));
        Assert.Equal(["out.png"], dir.Entries());
    }

    [Fact]
    public void PatternFile_TwoTeacherLines_IsAnError()
    {
        var e = Assert.Throws<InstanceFormatException>(() =>
            PatternFile.Parse(["# teacher: +-", "# teacher: -+", "1 1 -1"], "t.txt"));
        Assert.Equal(2, e.Line);
        Assert.Contains("second teacher", e.Message, StringComparison.Ordinal);
    }
}
