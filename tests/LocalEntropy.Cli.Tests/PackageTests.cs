using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LocalEntropy.Cli.Tests;

/// <summary>
/// The LocalEntropy.Core package as another .NET project sees it: packed from the build under test, restored from a
/// local folder only (no network), and its README example compiled and run.
/// </summary>
public sealed partial class PackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void CorePackage_ReferencedByAnotherProject_RunsTheReadmeExample()
    {
        string root = RepositoryRoot();
        using var temp = new TempDir();
        string feed = Directory.CreateDirectory(temp.File("feed")).FullName;

        // The .nuspec goes to the temporary folder: a file written under src/ would make scripts/setup rebuild.
        Succeed(root, "pack", Path.Combine(root, "src", "LocalEntropy.Core"), "-c", Configuration, "--no-build", "-o", feed,
            $"-p:NuspecOutputPath={temp.File("nuspec")}{Path.DirectorySeparatorChar}");
        string nupkg = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        using var package = ZipFile.OpenRead(nupkg);
        string[] entries = [.. package.Entries.Select(e => e.FullName)];
        Assert.Contains("lib/net10.0/LocalEntropy.Core.dll", entries);
        Assert.Contains("lib/net10.0/LocalEntropy.Core.xml", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.Contains("Experiments", StringComparison.Ordinal) || e.Contains("lent", StringComparison.Ordinal));

        using var nuspecStream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        XElement metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Meta(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("LocalEntropy.Core", Meta("id"));
        Assert.Equal("README.md", Meta("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Meta("description")));
        Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == "MathNet.Numerics");

        // The consumer restores from the fresh package and the machine's package cache (for MathNet.Numerics) only,
        // into a packages folder of its own so that no earlier LocalEntropy.Core is taken from a cache.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string consumer = Directory.CreateDirectory(temp.File("consumer")).FullName;
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="fresh" value="{feed}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RestorePackagesPath>{temp.File("packages")}</RestorePackagesPath>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LocalEntropy.Core" Version="[{Meta("version")}]" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), ReadmeExample(root));

        Succeed(consumer, "build", "-c", "Release");
        var run = LentProcess.Dotnet(consumer, [Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll")], _ => { }, StepTimeout);
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^Solved: 0 errors after \d+ sweeps", run.Stdout.Trim());
    }

    /// <summary>The C# block of the package's README, so the README's example cannot go stale.</summary>
    private static string ReadmeExample(string root)
    {
        string readme = File.ReadAllText(Path.Combine(root, "src", "LocalEntropy.Core", "README.md"));
        Match block = CSharpBlock().Match(readme);
        Assert.True(block.Success, "the Core README has no ```csharp block");
        return block.Groups[1].Value;
    }

    private static void Succeed(string workingDirectory, params string[] args)
    {
        // No build servers: nothing may outlive the test.
        var outcome = LentProcess.Dotnet(workingDirectory, [.. args, "--disable-build-servers", "-nologo"], _ => { }, StepTimeout);
        Assert.True(outcome.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {outcome.ExitCode}:\n{outcome.Stdout}\n{outcome.Stderr}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LocalEntropy.slnx"))) return dir.FullName;
        throw new InvalidOperationException("LocalEntropy.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
