namespace LocalEntropy.Experiments;

/// <summary>
/// One setting of a solver's options record: a dotted property path (<c>Bp.Damping</c>) and its value as text (null
/// for a JSON null). <see cref="Source"/> says where it was written, for error messages: <c>--set</c> or
/// <c>FILE:LINE</c>.
/// </summary>
public sealed record Setting(string Path, string? Value, string Source)
{
    /// <summary>Reads <c>NAME=VALUE</c>, as given to <c>--set</c> (the value may itself contain '=').</summary>
    public static Setting Parse(string text, string source)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new SettingException($"{source}: expected NAME=VALUE, got '{text}'");
        return new Setting(text[..eq].Trim(), text[(eq + 1)..].Trim(), source);
    }

    /// <summary>The setting as <c>NAME=VALUE</c>.</summary>
    public override string ToString() => $"{Path}={Value ?? "null"}";
}

/// <summary>A setting that names no property, does not parse or fails the options' own checks.</summary>
public sealed class SettingException(string message) : Exception(message);
