using System.CommandLine;
using LocalEntropy.Experiments;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// --options FILE.json and --set NAME=VALUE: any property of a solver's options record, from a file and then from
/// the command line (see docs/cli.md, "Solver settings").
/// </summary>
internal sealed class SettingsOptions
{
    public Option<FileInfo> File { get; } = CommonOptions.ExistingFile(
        "--options", "JSON file of solver settings, e.g. the `options` object of `lent solve --json`; applied before --set");

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "solver setting NAME=VALUE (repeatable): any property of the algorithm's options, nested ones with dots, e.g. Bp.Damping=0.4",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(Set);
    }

    /// <summary>The settings of the file, then those of --set, in order.</summary>
    public IReadOnlyList<Setting> Read(ParseResult parsed)
    {
        var settings = new List<Setting>();
        if (parsed.GetValue(File) is { } file) settings.AddRange(OptionsJson.ReadSettings(file.ToString()));
        settings.AddRange((parsed.GetValue(Set) ?? []).Select(text => Setting.Parse(text, "--set")));
        return settings;
    }
}
