using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LocalEntropy.Experiments;
using SkiaSharp;

namespace LocalEntropy.Cli.Tests;

/// <summary>
/// Two small sweeps in one database, bounded by iterations so that their outcomes do not depend on the machine:
/// random-label perceptrons with a swept setting, and teacher-student instances; and the report of both.
/// </summary>
public sealed class ReportFixture : IDisposable
{
    public const string RandomSweep = "lent sweep --n 41,61 --alphas 0.5:0.9:0.2 --algorithms sa,rmc --seeds 2 --max-seconds 60 --max-iterations 2000 --grid Replicas=3,5 --db r.sqlite --name random";
    public const string TeacherSweep = "lent sweep --teacher --n 41 --alphas 0.4,0.8 --algorithms fbp --seeds 3 --max-seconds 60 --max-iterations 200 --db r.sqlite --name teacher";

    public ReportFixture()
    {
        foreach (string sweep in new[] { RandomSweep, TeacherSweep })
        {
            var run = LentProcess.RunIn(Dir.Path, [.. ShellWords.Split(sweep).Skip(1)]);
            if (run.ExitCode != 0) throw new InvalidOperationException($"{sweep}: {run.Stderr}");
        }
        Report = LentProcess.RunIn(Dir.Path, "report", "--db", "r.sqlite", "--out", "rep");
    }

    internal TempDir Dir { get; } = new();

    internal LentProcess.Outcome Report { get; }

    public string Output => Dir.File("rep");

    public string Index => File.ReadAllText(Path.Combine(Output, "index.html"));

    public void Dispose() => Dir.Dispose();
}

public class ReportCommandTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public void Report_TwoSweeps_WritesTheFiguresOfEach()
    {
        Assert.Equal(0, fixture.Report.ExitCode);
        Assert.Contains("report of 42 runs written to", fixture.Report.Stdout, StringComparison.Ordinal);
        string[] files = [.. Directory.GetFiles(fixture.Output).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];
        Assert.Equal(
            [
                "index.html", "random-errors.png", "random-success.png", "random-time.png",
                "teacher-errors.png", "teacher-generalization.png", "teacher-success.png", "teacher-time.png",
            ],
            files);
        Assert.Equal([fixture.Output], Directory.GetDirectories(fixture.Dir.Path));
    }

    [Fact]
    public void Report_Page_HasTheSeriesTheoryAndNumbers()
    {
        string index = fixture.Index;

        foreach (string label in new[] { "<td>sa</td>", "<td>rmc Replicas=3</td>", "<td>rmc Replicas=5</td>", "<td>fbp</td>" }) Assert.Contains(label, index, StringComparison.Ordinal);
        Assert.Contains("0.8330785997", index, StringComparison.Ordinal);
        Assert.Contains("lent theory teacher --transition", index, StringComparison.Ordinal);
        Assert.Contains("lent report --db r.sqlite --out rep", index, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", index, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", index, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Report_SweepCommands_AreTheOnesThatRanAndFindEveryPointStored()
    {
        string[] commands =
        [
            .. Regex.Matches(fixture.Index, "<pre>([^<]*)</pre>").SelectMany(m => WebUtility.HtmlDecode(m.Groups[1].Value).Split('\n'))
                .Where(line => line.StartsWith("lent sweep ", StringComparison.Ordinal)),
        ];

        Assert.Equal(ReportFixture.RandomSweep + "\n" + ReportFixture.TeacherSweep, string.Join('\n', commands));
        var again = LentProcess.RunIn(fixture.Dir.Path, [.. ShellWords.Split(commands[0]).Skip(1)]);
        Assert.Contains("36 points; 36 stored before, 0 run now", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_RendersInChromium_WithEveryImageLoadedAndNonBlank()
    {
        string[] images = [.. Regex.Matches(fixture.Index, "<img src=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];
        Assert.Equal(Directory.GetFiles(fixture.Output, "*.png").Length, images.Length);
        using var browser = new TempDir();

        // The page as a browser shows it: loads, and draws more than a background.
        string shot = browser.File("page.png");
        Chromium.Run(browser, "--screenshot=" + shot, "--window-size=1280,3000", new Uri(Path.Combine(fixture.Output, "index.html")).AbsoluteUri);
        Assert.True(NonBlank(shot), "the screenshot of index.html is blank");

        // Every image as the browser loaded it: a probe appended to a copy of the page lists each <img> once loaded.
        string probe = Path.Combine(fixture.Output, "probe.html");
        File.WriteAllText(probe, fixture.Index + """
            <script>
            window.addEventListener('load', () => {
              const out = document.createElement('pre');
              out.id = 'probe';
              out.textContent = Array.from(document.images).map(i => `${i.getAttribute('src')} ${i.complete} ${i.naturalWidth}`).join('\n');
              document.body.appendChild(out);
            });
            </script>
            """);
        try
        {
            string dom = Chromium.Run(browser, "--dump-dom", "--virtual-time-budget=10000", new Uri(probe).AbsoluteUri);
            Match listed = Regex.Match(dom, "<pre id=\"probe\">([^<]*)</pre>");
            Assert.True(listed.Success, "the probe did not run: the page did not finish loading");
            string[] loaded = listed.Groups[1].Value.Split('\n');
            Assert.Equal(images, loaded.Select(l => WebUtility.HtmlDecode(l.Split(' ')[0])));
            Assert.All(loaded, l => Assert.Matches("^\\S+ true [1-9][0-9]*$", l));
        }
        finally
        {
            File.Delete(probe);
        }
        Assert.All(images, image => Assert.True(NonBlank(Path.Combine(fixture.Output, image)), $"{image} is blank"));
    }

    [Fact]
    public void Report_ThreeSizes_DrawsTheScalingFigureAndTabulatesItsExponents()
    {
        using var dir = new TempDir();
        // One sweep in two commands, sa at one size more than rsgd: no single grid, so its commands are read back as two.
        string[] sweeps =
        [
            "lent sweep --n 21,41,81,161 --alphas 0.3 --algorithms sa --seeds 3 --max-seconds 60 --max-iterations 2000 --db s.sqlite --name sizes",
            "lent sweep --n 21,41,81 --alphas 0.3 --algorithms rsgd --seeds 3 --max-seconds 60 --max-iterations 2000 --db s.sqlite --name sizes",
        ];
        foreach (string sweep in new[] { "lent sweep --n 21,41,81 --alphas 0.3 --algorithms sa,rsgd --seeds 3 --max-seconds 60 --max-iterations 2000 --db s.sqlite --name sizes", sweeps[0] })
            Assert.Equal(0, LentProcess.RunIn(dir.Path, [.. ShellWords.Split(sweep).Skip(1)]).ExitCode);

        var report = LentProcess.RunIn(dir.Path, "report", "--db", "s.sqlite", "--out", "rep");

        Assert.Equal(0, report.ExitCode);
        string scaling = Path.Combine(dir.Path, "rep", "sizes-scaling.png");
        Assert.True(NonBlank(scaling), "sizes-scaling.png is missing or blank");
        string index = File.ReadAllText(Path.Combine(dir.Path, "rep", "index.html"));
        Assert.Contains("<img src=\"sizes-scaling.png\"", index, StringComparison.Ordinal);
        Assert.Contains("<h3>Scaling exponents</h3>", index, StringComparison.Ordinal);
        Assert.Contains("at least half of the runs solved", index, StringComparison.Ordinal);
        foreach (var (series, sizes) in new[] { ("sa", "21, 41, 81, 161"), ("rsgd", "21, 41, 81") })
        {
            // Every run solves within its iteration budget, so every size is used; the exponent of the iterations is a number ± its error.
            Assert.Matches($"<tr><td>{series}</td><td class=\"n\">0.3</td><td class=\"n\">{sizes}</td><td class=\"n\">[^<]*</td><td class=\"n\">-?[0-9]+\\.[0-9]{{3}} ± [0-9]+\\.[0-9]{{3}}</td></tr>", index);
        }
        string[] commands =
        [
            .. Regex.Matches(index, "<pre>([^<]*)</pre>").SelectMany(m => WebUtility.HtmlDecode(m.Groups[1].Value).Split('\n'))
                .Where(line => line.StartsWith("lent sweep ", StringComparison.Ordinal)),
        ];
        Assert.Equal(sweeps, commands);
        Assert.All(commands, c => Assert.Contains(" 0 run now", LentProcess.RunIn(dir.Path, [.. ShellWords.Split(c).Skip(1)]).Stdout, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("text", "not a LocalEntropy results database")]
    [InlineData("foreign", "not a LocalEntropy results database")]
    [InlineData("newer", "is newer than this lent supports")]
    [InlineData("missing", "no such results database")]
    [InlineData("empty", "no runs stored")]
    public void Report_DatabaseNotReadable_ExitsTwoAndWritesNothing(string kind, string message)
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");
        if (kind == "empty") SqliteRunStore.Open(db).Dispose();
        else if (kind != "missing") SweepCommandTests.WriteForeignDatabase(kind, db);
        string[] before = Entries(dir.Path);

        var r = LentProcess.RunIn(dir.Path, "report", "--db", "r.sqlite", "--out", "rep");

        BadInputTests.AssertBadInput(r, "r.sqlite", message);
        Assert.Equal(before, Entries(dir.Path));
    }

    [Theory]
    [InlineData("--sweep", "nope", "--sweep: no sweep 'nope' in ", "it holds random, teacher")]
    [InlineData("--db", "mysql://host/results", "no store for 'mysql://' URLs", "")]
    [InlineData("--out", "missing/rep", "folder does not exist", "")]
    public void Report_BadOption_ExitsTwoAndWritesNothing(string option, string value, string message, string detail)
    {
        string[] before = Entries(fixture.Dir.Path);
        var args = new List<string> { "report", "--db", "r.sqlite", "--out", "rep2" };
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value;
        else args.AddRange([option, value]);

        var r = LentProcess.RunIn(fixture.Dir.Path, [.. args]);

        BadInputTests.AssertBadInput(r, message, detail);
        Assert.Equal(before, Entries(fixture.Dir.Path));
    }

    /// <summary>
    /// The files and folders in <paramref name="path"/>, but for SQLite's shared-memory files of a WAL database, which
    /// a read-only reader opens and cannot remove.
    /// </summary>
    private static string[] Entries(string path) =>
        [.. Directory.GetFileSystemEntries(path).Where(e => !e.EndsWith("-wal", StringComparison.Ordinal) && !e.EndsWith("-shm", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>A PNG that decodes and is not one colour: at least 1 % of its pixels differ from the commonest.</summary>
    internal static bool NonBlank(string png)
    {
        using SKBitmap? bitmap = SKBitmap.Decode(png);
        if (bitmap is null) return false;
        SKColor[] pixels = bitmap.Pixels;
        int commonest = pixels.GroupBy(p => p).Max(g => g.Count());
        return pixels.Length - commonest >= pixels.Length / 100;
    }
}

/// <summary>Headless Chromium (the Debian package that scripts/setup installs), run as the tests need it.</summary>
internal static class Chromium
{
    /// <summary>Runs chromium headless with a fresh profile; returns its stdout. Fails the test when it is missing or fails.</summary>
    public static string Run(TempDir scratch, params string[] args)
    {
        string? path = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, "chromium")).FirstOrDefault(File.Exists);
        Assert.True(path is not null, "chromium is not installed: scripts/setup installs the Debian package chromium (apt-get install chromium); the report's browser test needs it");
        var info = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + scratch.File("profile-" + Guid.NewGuid().ToString("N")),
        }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium {string.Join(' ', args)} did not finish in 2 minutes");
        }
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
