using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace LocalEntropy.Cli.Commands;

/// <summary>Options shared by several verbs, built the same way everywhere.</summary>
internal static class CommonOptions
{
    public static Option<ulong> Seed(string description = "random seed; the same seed gives the same result") =>
        new("--seed") { Description = description, DefaultValueFactory = _ => 1UL };

    public static Option<bool> Json() =>
        new("--json") { Description = "print one JSON object on stdout instead of text" };

    public static Option<int> PositiveInt(string name, string description, int? defaultValue = null)
    {
        var option = new Option<int>(name) { Description = description };
        if (defaultValue is int d) option.DefaultValueFactory = _ => d;
        option.Validators.Add(r => Check(r, r.GetValueOrDefault<int>() >= 1, name, r.GetValueOrDefault<int>(), "must be at least 1"));
        return option;
    }

    public static Option<double> PositiveDouble(string name, string description, double? defaultValue = null)
    {
        var option = new Option<double>(name) { Description = description };
        if (defaultValue is double d) option.DefaultValueFactory = _ => d;
        option.Validators.Add(r =>
        {
            double v = r.GetValueOrDefault<double>();
            Check(r, v > 0 && double.IsFinite(v), name, v, "must be a positive number");
        });
        return option;
    }

    public static Option<FileInfo> ExistingFile(string name, string description)
    {
        var option = new Option<FileInfo>(name) { Description = description };
        option.Validators.Add(r =>
        {
            FileInfo? f = r.GetValueOrDefault<FileInfo>();
            if (f is not null && !f.Exists) r.AddError($"{name}: file not found: {f}");
        });
        return option;
    }

    private static void Check<T>(OptionResult r, bool ok, string name, T value, string rule)
    {
        if (!ok) r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} {rule}, got {value}"));
    }
}
