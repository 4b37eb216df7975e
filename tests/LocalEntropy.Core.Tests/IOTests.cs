using LocalEntropy.IO;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests;

public class IOTests
{
    private static string[] Lines(string text) => text.Split('\n');

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PatternFile_WriteThenRead_RoundTrips(bool teacher)
    {
        var rng = new Rng(21);
        Perceptron original = teacher ? PerceptronGenerator.TeacherStudent(67, 40, rng) : PerceptronGenerator.Random(67, 40, rng);
        var writer = new StringWriter();
        PatternFile.Write(original, writer, ["a header"]);
        Perceptron read = PatternFile.Parse(Lines(writer.ToString()), "mem");
        Assert.Equal(original.N, read.N);
        Assert.Equal(original.P, read.P);
        for (int mu = 0; mu < original.P; mu++)
        {
            Assert.Equal(original.Input(mu), read.Input(mu));
            Assert.Equal(original.Label(mu), read.Label(mu));
        }
        Assert.Equal(original.Teacher, read.Teacher);
        Assert.StartsWith("# a header", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PatternFile_AcceptsCommentsBlankLinesTabsAndPlusOne()
    {
        Perceptron p = PatternFile.Parse(["# c", "", "1\t-1 +1", "  -1 1 1  ", "# trailing"], "f");
        Assert.Equal(2, p.N);
        Assert.Equal(2, p.P);
        Assert.Equal(-1, p.Label(1));
        Assert.Equal([-1, 1], p.Input(0).ToSpins().Select(s => (int)s));
    }

    [Theory]
    [InlineData(new[] { "1 1 -1", "1 0 1" }, 2, "'0'")]
    [InlineData(new[] { "1 1 -1", "1 2 1" }, 2, "'2'")]
    [InlineData(new[] { "# c", "x 1 -1" }, 2, "'x'")]
    [InlineData(new[] { "1 1 -1 1", "1 1 -1" }, 2, "3 values")]
    [InlineData(new[] { "1" }, 1, "label")]
    [InlineData(new[] { "# teacher: +-+", "1 1 -1" }, 1, "teacher")]
    [InlineData(new[] { "# teacher: +-?", "1 1 -1 1" }, 1, "'?'")]
    public void PatternFile_BadLine_ThrowsWithFileAndLine(string[] lines, int line, string detail)
    {
        var e = Assert.Throws<InstanceFormatException>(() => PatternFile.Parse(lines, "inst.txt"));
        Assert.Equal(line, e.Line);
        Assert.Equal("inst.txt", e.File);
        Assert.StartsWith($"inst.txt:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only\n")]
    public void PatternFile_Empty_Throws(string text)
    {
        string[] lines = text.Length == 0 ? [] : text.Split('\n');
        var e = Assert.Throws<InstanceFormatException>(() => PatternFile.Parse(lines, "e.txt"));
        Assert.Equal(0, e.Line);
        Assert.Contains("no patterns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PatternFile_MissingFile_ThrowsFormatExceptionNamingIt()
    {
        var e = Assert.Throws<InstanceFormatException>(() => PatternFile.Read("/nonexistent/x.txt"));
        Assert.Contains("/nonexistent/x.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightsFile_AcceptsBothForms()
    {
        Assert.Equal("+--+", WeightsFile.Parse(["# w", "+--+"], "w").ToPlusMinus());
        Assert.Equal("+--+", WeightsFile.Parse(["1 -1 -1 1"], "w").ToPlusMinus());
        Assert.Equal("-", WeightsFile.Parse(["-1"], "w").ToPlusMinus());
        Assert.Equal("-", WeightsFile.Parse(["-"], "w").ToPlusMinus());
        var writer = new StringWriter();
        WeightsFile.Write(SpinVector.FromSpins([1, -1, 1]), writer);
        Assert.Equal("+-+", writer.ToString().Trim());
    }

    [Theory]
    [InlineData(new[] { "+-+" }, 4, 1, "3 weights")]
    [InlineData(new[] { "+-*+" }, 4, 1, "'*'")]
    [InlineData(new[] { "1 -1 3 1" }, 4, 1, "'3'")]
    [InlineData(new[] { "+-+-", "# c", "+-+-" }, 4, 3, "second line")]
    [InlineData(new[] { "# nothing" }, 4, 0, "no weights")]
    public void WeightsFile_BadInput_ThrowsWithLine(string[] lines, int n, int line, string detail)
    {
        var e = Assert.Throws<InstanceFormatException>(() => WeightsFile.Parse(lines, "w.txt", n));
        Assert.Equal(line, e.Line);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("w.txt:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AtomicFile_FailedWrite_LeavesNothingBehind()
    {
        string dir = Path.Combine(Path.GetTempPath(), "lent-atomic-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "out.txt");
            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, w =>
            {
                w.WriteLine("partial");
                throw new InvalidOperationException("boom");
            }));
            Assert.Empty(Directory.GetFileSystemEntries(dir));
            AtomicFile.Write(path, w => w.WriteLine("whole"));
            Assert.Equal("whole", File.ReadAllText(path).Trim());
            Assert.Single(Directory.GetFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
