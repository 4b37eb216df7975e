using System.Text.Json;

namespace LocalEntropy.Cli.Tests;

public class TheoryCommandTests
{
    private static JsonElement Json(LentProcess.Outcome r)
    {
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(r.Stdout).RootElement;
    }

    [Fact]
    public void Capacity_ZeroMargin_JsonIsKappaAndAlphaC()
    {
        JsonElement root = Json(LentProcess.Run("theory", "capacity", "--kappa", "0", "--json"));
        Assert.Equal(["kappa", "alphaC"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, root.GetProperty("kappa").GetDouble());
        Assert.Equal(2, root.GetProperty("alphaC").GetDouble(), 1e-12);
    }

    [Fact]
    public void Capacity_Text_NamesTheValue()
    {
        var r = LentProcess.Run("theory", "capacity", "--kappa", "-1");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("alphaC = 13.27319984 at kappa = -1", r.Stdout.Trim());
    }

    [Fact]
    public void Entropy_OneLoad_JsonHasTheSaddlePoint()
    {
        JsonElement root = Json(LentProcess.Run("theory", "entropy", "--alpha", "0.5", "--json"));
        Assert.Equal(["alpha", "entropy", "q", "qHat", "converged"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.5, root.GetProperty("alpha").GetDouble());
        Assert.Equal(0.322, root.GetProperty("q").GetDouble(), 0.003);
        Assert.InRange(root.GetProperty("entropy").GetDouble(), 0.2, Math.Log(2));
        Assert.True(root.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void Entropy_Zero_JsonIsAlphaC()
    {
        JsonElement root = Json(LentProcess.Run("theory", "entropy", "--zero", "--json"));
        Assert.Equal(0.833, root.GetProperty("alphaC").GetDouble(), 0.002);
    }

    [Fact]
    public void Teacher_OneLoad_JsonHasGeneralizationErrorEntropyOverlap()
    {
        JsonElement root = Json(LentProcess.Run("theory", "teacher", "--alpha", "1", "--json"));
        Assert.Equal(["alpha", "generalizationError", "entropy", "overlap", "converged"], root.EnumerateObject().Select(p => p.Name));
        double q = root.GetProperty("overlap").GetDouble();
        Assert.Equal(Math.Acos(q) / Math.PI, root.GetProperty("generalizationError").GetDouble(), 1e-12);
    }

    [Fact]
    public void Teacher_Transition_JsonIsAlphaTransition()
    {
        JsonElement root = Json(LentProcess.Run("theory", "teacher", "--transition", "--json"));
        Assert.Equal(1.245, root.GetProperty("alphaTransition").GetDouble(), 0.005);
    }

    [Fact]
    public void Entropy_Grid_JsonPointsAtTheDecimalLoadsAndPlot()
    {
        using var dir = new TempDir();
        string png = dir.File("s.png");

        JsonElement root = Json(LentProcess.Run("theory", "entropy", "--alphas", "0.1:0.7:0.3", "--json", "--plot", png));

        double[] alphas = [.. root.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("alpha").GetDouble())];
        Assert.Equal([0.1, 0.4, 0.7], alphas);
        double[] entropies = [.. root.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("entropy").GetDouble())];
        Assert.True(entropies[0] > entropies[1] && entropies[1] > entropies[2]);
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Equal([png], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Teacher_Grid_TextTableWithOneRowPerLoad()
    {
        var r = LentProcess.Run("theory", "teacher", "--alphas", "0.5:1.5:0.5");
        string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The poor-generalization branch is gone at α = 1.5: that row is marked, the run exits 1 naming the load.
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("alpha\tgeneralizationError\tentropy\toverlap", lines[0]);
        Assert.StartsWith("0.5\t0.405316", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("1\t0.310526", lines[2], StringComparison.Ordinal);
        Assert.Equal("1.5\tnot converged", lines[3]);
        Assert.Contains("α = 1.5", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Entropy_SaddleThatDoesNotConverge_ExitsOneWithNullsAndNamesTheLoad()
    {
        var r = LentProcess.Run("theory", "entropy", "--alpha", "0.6", "--max-iterations", "1", "--json");
        Assert.Equal(1, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("entropy").ValueKind);
        Assert.False(root.GetProperty("converged").GetBoolean());
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("α = 0.6", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("MaxIterations", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Teacher_GridThatDoesNotConverge_ExitsOneAndWritesNoPlot()
    {
        using var dir = new TempDir();
        var r = LentProcess.Run("theory", "teacher", "--alphas", "0.2:0.4:0.2", "--max-iterations", "2", "--plot", dir.File("eg.png"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no plot written", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Teacher_TransitionThatCannotBeLocated_ExitsOneWithNull()
    {
        var r = LentProcess.Run("theory", "teacher", "--transition", "--max-iterations", "3", "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("{\"alphaTransition\":null}", r.Stdout.Trim());
        Assert.Contains("α = 1", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("capacity --kappa NaN", "--kappa")]
    [InlineData("capacity --kappa Infinity", "--kappa")]
    [InlineData("capacity --kappa inf", "--kappa")]
    [InlineData("capacity --kappa -11", "--kappa")]
    [InlineData("entropy --alpha 0", "--alpha")]
    [InlineData("entropy --alpha -0.3", "--alpha")]
    [InlineData("teacher --alpha NaN", "--alpha")]
    [InlineData("entropy", "--alpha")]
    [InlineData("entropy --alpha 0.5 --alphas 0.1:0.5:0.1", "--alphas")]
    [InlineData("teacher --alpha 0.5 --transition", "--transition")]
    [InlineData("entropy --zero --plot s.png", "--plot")]
    [InlineData("entropy --alphas 0.5:0.1:0.1", "--alphas")]
    [InlineData("entropy --alphas 0.1:0.5", "--alphas")]
    [InlineData("entropy --alphas 0.1:x:0.1", "--alphas")]
    [InlineData("teacher --alphas 0:1:0.1", "--alphas")]
    [InlineData("teacher --alphas 0.1:1:0", "--alphas")]
    [InlineData("teacher --alphas 0.1:1000:0.00001", "--alphas")]
    [InlineData("entropy --alpha 0.5 --damping 1", "--damping")]
    [InlineData("entropy --alpha 0.5 --max-iterations 0", "--max-iterations")]
    [InlineData("teacher --alphas 0.1:0.5:0.1 --plot missing-folder/eg.png", "missing-folder")]
    public void Theory_BadInput_ExitsTwoWithOneLine(string args, string mention) =>
        BadInputTests.AssertBadInput(LentProcess.Run(["theory", .. args.Split(' ')]), mention);

    [Fact]
    public void Theory_EmptyGrid_ExitsTwo() =>
        BadInputTests.AssertBadInput(LentProcess.Run("theory", "entropy", "--alphas", ""), "--alphas");
}
