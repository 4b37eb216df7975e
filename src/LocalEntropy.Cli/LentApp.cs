using System.Globalization;
using System.Text;
using System.Reflection;
using System.Text.RegularExpressions;
using System.CommandLine;
using LocalEntropy.Cli.Commands;
using LocalEntropy.Experiments;
using LocalEntropy.IO;

namespace LocalEntropy.Cli;

/// <summary>The `lent` command line: verbs, uniform error handling and exit codes.</summary>
internal static class LentApp
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Ran, but did not reach the goal (e.g. not solved).</summary>
    public const int NotReached = 1;

    /// <summary>Bad input or usage.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted by Ctrl-C.</summary>
    public const int Interrupted = 130;

    /// <summary>The build: assembly version and git commit (`1.0.0+&lt;sha&gt;`), stored with every run and shown in reports.</summary>
    public static string Version { get; } =
        typeof(LentApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("lent: learning by local entropy maximization — generate problems, solve them, measure the landscape.");
        root.Subcommands.Add(GenerateCommand.Build());
        root.Subcommands.Add(SolveCommand.Build());
        root.Subcommands.Add(SweepCommand.Build());
        root.Subcommands.Add(ReportCommand.Build());
        root.Subcommands.Add(EnergyCommand.Build());
        root.Subcommands.Add(CountCommand.Build());
        root.Subcommands.Add(LandscapeCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(TheoryCommand.Build());
        root.Subcommands.Add(TrainCommand.Build());
        root.Subcommands.Add(FlatnessCommand.Build());
        return root;
    }

    /// <summary>Parses and runs; every failure becomes an exit code and one line on stderr.</summary>
    public static int Run(string[] args)
    {
        ParseResult parsed = BuildRoot().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"lent: {OneLine(FriendlyTypes(parsed.Errors[0].Message))} (see 'lent --help')");
            return BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            Console.Error.WriteLine($"lent: {OneLine(message)}");
            return BadInput;
        }
    }

    /// <summary>The one-line message for an input error, or null for a bug (which then surfaces as a crash).</summary>
    private static string? Describe(Exception e) => e switch
    {
        InstanceFormatException f => f.Message,
        UsageException u => u.Message,
        SettingException s => s.Message,
        LocalEntropy.Deep.TorchUnavailableException t => t.Message,
        ArgumentException a => a.ParamName is { } p ? $"{StripParam(a.Message)} ({p})" : a.Message,
        IOException io => io.Message,
        UnauthorizedAccessException ua => ua.Message,
        _ => null,
    };

    /// <summary>Rewrites the parser's conversion errors to name the option and the kind of value it takes.</summary>
    private static string FriendlyTypes(string message) =>
        Regex.Replace(message, @"^Cannot parse argument '(.*)' for option '(.*)' as expected type '(?:System\.Nullable`1\[)?(?:System\.)?(\w+)(?:\[\])?\]?'\.$", m =>
            $"{m.Groups[2].Value}: '{m.Groups[1].Value}' is not " + m.Groups[3].Value switch
            {
                "Int32" or "Int64" => "an integer",
                "UInt64" => "a non-negative integer",
                "Double" => "a number",
                var other => "a valid " + other.ToLowerInvariant(),
            });

    /// <summary>
    /// The message on one line, with every other control or invisible formatting character escaped: messages quote
    /// input, and a crafted file must not be able to send escape sequences to the terminal.
    /// </summary>
    private static string OneLine(string message)
    {
        string line = string.Join(' ', message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var escaped = new StringBuilder(line.Length);
        foreach (char c in line)
        {
            bool hidden = char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
            if (!hidden) escaped.Append(c);
            else if (c < 0x100) escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            else escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }
        return escaped.ToString();
    }

    private static string StripParam(string message)
    {
        int i = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i >= 0 ? message[..i] : message;
    }
}

/// <summary>A command-line usage error (bad combination of options); reported as exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
