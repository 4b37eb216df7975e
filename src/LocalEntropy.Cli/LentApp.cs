using System.CommandLine;
using LocalEntropy.Cli.Commands;
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

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("lent: learning by local entropy maximization — generate problems, solve them, measure the landscape.");
        root.Subcommands.Add(GenerateCommand.Build());
        root.Subcommands.Add(SolveCommand.Build());
        root.Subcommands.Add(EnergyCommand.Build());
        root.Subcommands.Add(LandscapeCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        return root;
    }

    /// <summary>Parses and runs; every failure becomes an exit code and one line on stderr.</summary>
    public static int Run(string[] args)
    {
        ParseResult parsed = BuildRoot().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"lent: {OneLine(parsed.Errors[0].Message)} (see 'lent --help')");
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
        ArgumentException a => a.ParamName is { } p ? $"{StripParam(a.Message)} ({p})" : a.Message,
        IOException io => io.Message,
        UnauthorizedAccessException ua => ua.Message,
        _ => null,
    };

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string StripParam(string message)
    {
        int i = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i >= 0 ? message[..i] : message;
    }
}

/// <summary>A command-line usage error (bad combination of options); reported as exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
