using System.CommandLine;
using System.Globalization;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// An option holding a range of positive numbers: MIN:MAX[:COUNT], or MIN,MAX[,COUNT], or 2–3 separate values; the two
/// bounds may come in either order.
/// </summary>
internal static class RangeOption
{
    public static Option<string[]> Create(string name, string description, string? defaultValue = null)
    {
        var option = new Option<string[]>(name)
        {
            Description = description,
            AllowMultipleArgumentsPerToken = true,
            Arity = new ArgumentArity(1, 3),
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => [defaultValue];
        return option;
    }

    /// <summary>The bounds (low first) and the count if given (at least 2); malformed text is a usage error naming <paramref name="name"/>.</summary>
    public static (double Low, double High, int? Count) Parse(string name, string[] tokens)
    {
        string text = string.Join(' ', tokens);
        string[] parts = text.Split([':', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3) throw new UsageException($"{name} wants MIN:MAX or MIN:MAX:COUNT, got '{text}'");
        double a = ValueGrid.Positive(name, parts[0], text), b = ValueGrid.Positive(name, parts[1], text);
        int? count = null;
        if (parts.Length == 3)
        {
            count = int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) && k >= 2
                ? k
                : throw new UsageException($"{name}: the count '{parts[2]}' must be an integer >= 2 (in '{text}')");
        }
        return (Math.Min(a, b), Math.Max(a, b), count);
    }
}
