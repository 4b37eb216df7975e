using System.Text.Json;

namespace LocalEntropy.Cli.Tests;

public class RobustnessCommandTests
{
    /// <summary>A teacher-student instance and its teacher, written to <paramref name="dir"/>.</summary>
    private static (string Patterns, string Teacher) TeacherStudent(TempDir dir, int n)
    {
        string patterns = dir.File("p.txt");
        Assert.Equal(0, LentProcess.Run("generate", "perceptron", "--n", $"{n}", "--alpha", "0.4", "--teacher", "--seed", "2", "--out", patterns).ExitCode);
        string teacher = File.ReadLines(patterns).First(l => l.StartsWith("# teacher:", StringComparison.Ordinal))["# teacher:".Length..].Trim();
        return (patterns, dir.Write("teacher.txt", teacher + "\n"));
    }

    [Fact]
    public void TwoWeightsFilesWithLabels_PrintJsonCurvesAndWritePlot()
    {
        using var dir = new TempDir();
        (string patterns, string teacher) = TeacherStudent(dir, 151);
        string rsgd = dir.File("rsgd.txt");
        Assert.Equal(0, LentProcess.Run("solve", "--patterns", patterns, "-a", "rsgd", "--out", rsgd).ExitCode);
        string png = dir.File("robustness.png");

        var r = LentProcess.Run("landscape", "robustness", "--patterns", patterns, "--weights", $"{rsgd},{teacher}", "--labels", "rsgd,teacher",
            "--fractions", "0.02:0.1:3", "--samples", "50", "--seed", "4", "--json", "--plot", png);

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal((151, 1, 60, 4UL, 50), (root.GetProperty("n").GetInt32(), root.GetProperty("k").GetInt32(), root.GetProperty("p").GetInt32(),
            root.GetProperty("seed").GetUInt64(), root.GetProperty("samples").GetInt32()));
        var curves = root.GetProperty("curves").EnumerateArray().ToList();
        Assert.Equal(["rsgd", "teacher"], curves.Select(c => c.GetProperty("label").GetString()));
        Assert.Equal([rsgd, teacher], curves.Select(c => c.GetProperty("file").GetString()));
        foreach (JsonElement curve in curves)
        {
            Assert.Equal(0, curve.GetProperty("errors").GetInt32());
            var points = curve.GetProperty("points").EnumerateArray().ToList();
            Assert.Equal([0.02, 0.06, 0.1], points.Select(p => Math.Round(p.GetProperty("fraction").GetDouble(), 12)));
            Assert.Equal([3, 9, 15], points.Select(p => p.GetProperty("flips").GetInt32()));
            foreach (JsonElement p in points)
            {
                double mean = p.GetProperty("mean").GetDouble(), std = p.GetProperty("std").GetDouble();
                Assert.InRange(mean, p.GetProperty("min").GetInt32(), p.GetProperty("max").GetInt32());
                Assert.Equal(std / Math.Sqrt(50), p.GetProperty("stderr").GetDouble(), 9);
                Assert.Equal(mean / 60, p.GetProperty("meanPerPattern").GetDouble(), 9);
                Assert.True(mean > 0, "flipping weights of a solution only adds errors");
            }
        }
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Single(Directory.GetFiles(dir.Path, "*.png"));
    }

    [Fact]
    public void Defaults_PrintTwentyRowsLabelledByFileName_SameSeedSameTable()
    {
        using var dir = new TempDir();
        (string patterns, string teacher) = TeacherStudent(dir, 101);

        var first = LentProcess.Run("landscape", "robustness", "--patterns", patterns, "--weights", teacher);
        var again = LentProcess.Run("landscape", "robustness", "--patterns", patterns, "--weights", teacher);

        Assert.Equal(0, first.ExitCode);
        string[] lines = first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("p\tflips\tteacher.txt mean\tteacher.txt std", lines[0]);
        Assert.Equal(21, lines.Length);
        Assert.StartsWith("0.0100\t1\t", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("0.2000\t20\t", lines[^1], StringComparison.Ordinal);
        Assert.Equal(first.Stdout, again.Stdout);
    }

    [Fact]
    public void Committee_CountsFlipsOverAllSynapses()
    {
        using var dir = new TempDir();
        string patterns = dir.File("c.txt"), weights = dir.File("w.txt");
        Assert.Equal(0, LentProcess.Run("generate", "committee", "--n", "51", "--k", "3", "--alpha", "0.2", "--seed", "2", "--out", patterns).ExitCode);
        Assert.Equal(0, LentProcess.Run("solve", "--patterns", patterns, "--k", "3", "-a", "fbp", "--out", weights).ExitCode);

        var r = LentProcess.Run("landscape", "robustness", "--patterns", patterns, "--weights", weights, "--k", "3", "--fractions", "0.1:0.2:2", "--json");

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal((51, 3), (root.GetProperty("n").GetInt32(), root.GetProperty("k").GetInt32()));
        JsonElement curve = root.GetProperty("curves")[0];
        Assert.Equal(0, curve.GetProperty("errors").GetInt32());
        Assert.Equal([15, 31], curve.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("flips").GetInt32()));
    }

    [Theory]
    [InlineData("--labels", "a,b", "--labels")]
    [InlineData("--fractions", "0:0.2:5", "--fractions")]
    [InlineData("--fractions", "0.1:1.5:5", "--fractions")]
    [InlineData("--fractions", "0.1:0.1:3", "--fractions")]
    [InlineData("--fractions", "0.1:0.2:1", "--fractions")]
    [InlineData("--fractions", "x", "--fractions")]
    [InlineData("--samples", "0", "--samples")]
    [InlineData("--weights", "good.txt,missing.txt", "missing.txt")]
    [InlineData("--weights", "good.txt,short.txt", "short.txt:1:")]
    [InlineData("--tree", "", "--tree")]
    public void BadInput_ExitsTwoAndWritesNothing(string option, string value, string mention)
    {
        using var dir = new TempDir();
        dir.Write("p.txt", "1 1 -1 1\n-1 1 1 -1\n");
        dir.Write("good.txt", "+-+\n");
        dir.Write("short.txt", "+-\n");
        string[] extra = value.Length > 0 ? [option, value] : [option];
        string[] args = ["landscape", "robustness", "--patterns", "p.txt", .. option == "--weights" ? [] : new[] { "--weights", "good.txt" }, .. extra, "--plot", "r.png"];

        BadInputTests.AssertBadInput(LentProcess.RunIn(dir.Path, args), mention);
        // Neither the plot nor a temporary file: the folder holds the three input files only.
        Assert.Equal(3, Directory.GetFiles(dir.Path).Length);
    }

    [Fact]
    public void CtrlC_ExitsWith130AndWritesNothing()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDir();
        (string patterns, string teacher) = TeacherStudent(dir, 1001);

        // 2·10⁷ samples: minutes of work, interrupted after a few seconds of processor time.
        var r = LentProcess.Interrupt(dir.Path, TimeSpan.FromSeconds(3), "landscape", "robustness", "--patterns", patterns, "--weights", teacher,
            "--samples", "1000000", "--plot", "r.png", "--json");

        Assert.Equal(130, r.ExitCode);
        Assert.Contains("interrupted; nothing written", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.png"));
    }
}
