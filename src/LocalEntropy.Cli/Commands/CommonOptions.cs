using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace LocalEntropy.Cli.Commands;

/// <summary>Options shared by several verbs, built the same way everywhere.</summary>
internal static class CommonOptions
{
    public static Option<ulong> Seed(string description = "random seed; the same seed gives the same result") =>
        new("--seed") { Description = description, DefaultValueFactory = _ => 1UL };

    /// <summary>--max-iterations: the solver's iteration budget; absent means none.</summary>
    public static Option<long?> MaxIterations()
    {
        var option = new Option<long?>("--max-iterations")
        {
            Description = "iteration budget (sweeps for sa/rmc, epochs for rsgd, BP sweeps for fbp/bp-r, proposals for edmc); default: none",
        };
        option.Validators.Add(r =>
        {
            if (TryValue(r, out long? v) && v < 1) r.AddError($"--max-iterations must be at least 1, got {v}");
        });
        return option;
    }

    public static Option<bool> Json() =>
        new("--json") { Description = "print one JSON object on stdout instead of text" };

    public static Option<int> PositiveInt(string name, string description, int? defaultValue = null)
    {
        var option = new Option<int>(name) { Description = description };
        if (defaultValue is int d) option.DefaultValueFactory = _ => d;
        option.Validators.Add(r =>
        {
            if (TryValue(r, out int v)) Check(r, v >= 1, name, v, "must be at least 1");
        });
        return option;
    }

    public static Option<double> PositiveDouble(string name, string description, double? defaultValue = null)
    {
        var option = new Option<double>(name) { Description = description };
        if (defaultValue is double d) option.DefaultValueFactory = _ => d;
        option.Validators.Add(r =>
        {
            if (TryValue(r, out double v)) Check(r, v > 0 && double.IsFinite(v), name, v, "must be a positive number");
        });
        return option;
    }

    public static Option<FileInfo> ExistingFile(string name, string description)
    {
        var option = new Option<FileInfo>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (TryValue(r, out FileInfo? f) && f is not null && !f.Exists) r.AddError($"{name}: file not found: {f}");
        });
        return option;
    }

    /// <summary>--levels L: multi-level weights on L+1 evenly spaced levels of [−1, 1]; absent for binary weights.</summary>
    public static Option<int?> Levels(string description =
        "multi-level weights: L+1 evenly spaced levels in [-1, 1] (1 = binary); default: the '# levels: L' line of the pattern file, else binary")
    {
        var option = new Option<int?>("--levels") { Description = description };
        option.Validators.Add(r =>
        {
            if (TryValue(r, out int? v) && v is int l && (l < 1 || l > LocalEntropy.Problems.LevelWeights.MaxLevels))
                r.AddError($"--levels must be a positive integer (at most {LocalEntropy.Problems.LevelWeights.MaxLevels}), got {l}");
        });
        return option;
    }

    /// <summary>--data: the folder with the Fashion-MNIST IDX files, by default where the Debian package puts them; it must exist.</summary>
    public static Option<DirectoryInfo> DataFolder()
    {
        var option = new Option<DirectoryInfo>("--data")
        {
            Description = "folder with the Fashion-MNIST IDX files",
            DefaultValueFactory = _ => new DirectoryInfo(LocalEntropy.Deep.Data.FashionMnist.DefaultFolder),
        };
        option.Validators.Add(r =>
        {
            if (TryValue(r, out DirectoryInfo? d) && d is { Exists: false }) r.AddError($"--data: folder not found: {d}");
        });
        return option;
    }

    /// <summary>--k: the number of hidden units of a committee machine; absent for the perceptron.</summary>
    public static Option<int?> HiddenUnits(string description) => new("--k") { Description = description };

    /// <summary>--tree: the tree committee, where unit k sees input block k.</summary>
    public static Option<bool> Tree() => new("--tree") { Description = "tree committee (with --k): unit k sees input block k" };

    /// <summary>K from --k (odd and positive), or null for the perceptron; --tree without --k is a usage error.</summary>
    public static int? CommitteeUnits(int? k, bool tree)
    {
        if (k is not int units)
        {
            return tree ? throw new UsageException("--tree goes with --k") : null;
        }
        if (units < 1 || units % 2 == 0) throw new UsageException($"--k must be odd and positive, got {units}");
        return units;
    }

    /// <summary>A file to write: its folder must exist, checked before any work starts.</summary>
    public static Option<FileInfo?> OutputFile(string name, string description)
    {
        var option = new Option<FileInfo?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (TryValue(r, out FileInfo? f) && f?.Directory is { Exists: false } folder)
                r.AddError($"{name}: cannot write {f}: folder does not exist: {folder.FullName}");
        });
        return option;
    }

    /// <summary>
    /// The option's value for a validator; false when the text does not convert, an error the parser reports by
    /// itself (reading the value would throw instead).
    /// </summary>
    public static bool TryValue<T>(OptionResult r, out T value)
    {
        try
        {
            value = r.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    private static void Check<T>(OptionResult r, bool ok, string name, T value, string rule)
    {
        if (!ok) r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} {rule}, got {value}"));
    }
}
