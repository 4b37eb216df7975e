using System.Globalization;
using System.Reflection;

namespace LocalEntropy.Experiments;

/// <summary>
/// Applies <see cref="Setting"/>s to an options record by reflection: any public init property, nested records with
/// dots (<c>Bp.Damping</c>), numbers, booleans, enums (by name), <see cref="TimeSpan"/> (in seconds) and any type
/// with a text form (<see cref="IParsable{TSelf}"/>: ramps, move energies, focusing protocols). Records are copied,
/// never changed in place; the result is checked with the record's own <c>Validate()</c>.
/// </summary>
public static class OptionsBinder
{
    /// <summary>
    /// <paramref name="options"/> with <paramref name="settings"/> applied in order, then validated. A setting whose
    /// path names no property is an error, or, when <paramref name="unknown"/> is given, collected there and skipped.
    /// <paramref name="subject"/> names the options in messages (e.g. the algorithm).
    /// </summary>
    public static T Apply<T>(T options, IEnumerable<Setting> settings, string subject, ICollection<Setting>? unknown = null)
        where T : notnull
    {
        object current = options;
        var applied = new List<Setting>();
        foreach (Setting s in settings)
        {
            if (TryApply(current, s.Path.Split('.'), s, out object? updated))
            {
                current = updated;
                applied.Add(s);
            }
            else if (unknown is not null)
            {
                unknown.Add(s);
            }
            else
            {
                throw Unknown(current, s, subject);
            }
        }
        Validate(current, applied, subject);
        return (T)current;
    }

    /// <summary>The error for a setting that names no property: it lists the settings there are.</summary>
    public static SettingException Unknown(object options, Setting s, string subject) =>
        new($"{s.Source}: unknown setting '{s.Path}' for {subject}; valid: {string.Join(", ", Keys(options))}");

    /// <summary>Every path that can be set on <paramref name="options"/>, in the order of its canonical JSON.</summary>
    public static IReadOnlyList<string> Keys(object options)
    {
        var keys = new List<string>();
        AddKeys(options, "", keys);
        return keys;
    }

    private static void AddKeys(object? value, string prefix, List<string> keys)
    {
        if (value is null) return;
        foreach (PropertyInfo p in OptionsJson.Properties(value.GetType()).Where(IsSettable))
        {
            string path = prefix + p.Name;
            bool leaf = HasTextForm(p.PropertyType);
            if (leaf) keys.Add(path);
            Type type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (!IsScalar(type)) AddKeys(p.GetValue(value) ?? CreateDefault(type), path + ".", keys);
        }
    }

    private static bool TryApply(object target, ReadOnlySpan<string> path, Setting s, out object updated)
    {
        updated = target;
        PropertyInfo? p = Find(target.GetType(), path[0]);
        if (p is null) return false;
        if (path.Length == 1)
        {
            if (!IsSettable(p))
            {
                return Text(p.GetValue(target)) == s.Value
                    ? true
                    : throw new SettingException($"{s.Source}: '{s.Path}' is read-only; set the value that holds it instead");
            }
            updated = With(target, p, Convert(p, s));
            return true;
        }
        if (!IsSettable(p)) throw new SettingException($"{s.Source}: '{s.Path}': {p.Name} is read-only");
        Type type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
        if (IsScalar(type)) return false;
        object child = p.GetValue(target) ?? CreateDefault(type)
            ?? throw new SettingException($"{s.Source}: '{s.Path}': {p.Name} is null; set {p.Name} first");
        // A read-only property names the variant of its holder (Protocol.Name = scoping): that takes the holder's
        // text form, so the canonical JSON of a protocol reads back as the same protocol.
        if (path.Length == 2 && Find(child.GetType(), path[1]) is { } inner && !IsSettable(inner)
            && Text(inner.GetValue(child)) != s.Value && HasTextForm(type))
        {
            updated = With(target, p, Convert(p, s with { Path = s.Path[..s.Path.LastIndexOf('.')] }));
            return true;
        }
        if (!TryApply(child, path[1..], s, out object newChild)) return false;
        updated = With(target, p, newChild);
        return true;
    }

    private static PropertyInfo? Find(Type type, string name) =>
        OptionsJson.Properties(type).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static bool IsSettable(PropertyInfo p) => p.SetMethod is { IsPublic: true };

    /// <summary>A copy of <paramref name="target"/> with <paramref name="p"/> set: records are cloned, structs are boxed copies.</summary>
    private static object With(object target, PropertyInfo p, object? value)
    {
        object copy = target.GetType().IsValueType
            ? target
            : target.GetType().GetMethod("<Clone>$")?.Invoke(target, null)
              ?? throw new InvalidOperationException($"{target.GetType().Name} is not a record");
        p.SetValue(copy, value);
        return copy;
    }

    private static object? CreateDefault(Type type) =>
        type.IsAbstract || (!type.IsValueType && type.GetConstructor(Type.EmptyTypes) is null) ? null : Activator.CreateInstance(type);

    /// <summary>Types set as one value and not opened with dots.</summary>
    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static bool HasTextForm(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(long) || type == typeof(double)
            || type.IsEnum || type == typeof(TimeSpan) || IsParsable(type);
    }

    private static bool IsParsable(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParsable<>) && i.GenericTypeArguments[0] == type);

    private static object? Convert(PropertyInfo p, Setting s)
    {
        Type? underlying = Nullable.GetUnderlyingType(p.PropertyType);
        Type type = underlying ?? p.PropertyType;
        bool nullable = underlying is not null || new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;
        string? text = s.Value;
        if (text is null || (nullable && text == "null"))
        {
            return nullable ? null : throw Bad(s, "cannot be null");
        }
        if (!HasTextForm(type)) throw Bad(s, "is not a single value (set its parts with dots)");
        const NumberStyles integer = NumberStyles.AllowLeadingSign;
        if (type == typeof(string)) return text;
        if (type == typeof(bool)) return bool.TryParse(text, out bool b) ? b : throw Bad(s, "is not true or false");
        if (type == typeof(int)) return int.TryParse(text, integer, CultureInfo.InvariantCulture, out int i) ? i : throw Bad(s, "is not an integer");
        if (type == typeof(long)) return long.TryParse(text, integer, CultureInfo.InvariantCulture, out long l) ? l : throw Bad(s, "is not an integer");
        if (type == typeof(double)) return Number(s, text);
        if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(Number(s, text));
        if (type.IsEnum)
        {
            string[] names = Enum.GetNames(type);
            return names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse(type, name)
                : throw Bad(s, $"is not one of {string.Join(", ", names)}");
        }
        try
        {
            return typeof(OptionsBinder).GetMethod(nameof(ParseText), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type).Invoke(null, [text]);
        }
        catch (TargetInvocationException e) when (e.InnerException is FormatException f)
        {
            throw new SettingException($"{s.Source}: {s.Path}: {f.Message}");
        }
    }

    private static T ParseText<T>(string text) where T : IParsable<T> => T.Parse(text, CultureInfo.InvariantCulture);

    private static double Number(Setting s, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw Bad(s, "is not a finite number");

    private static SettingException Bad(Setting s, string problem) => new($"{s.Source}: {s.Path}: '{s.Value}' {problem}");

    /// <summary>The value as a setting would write it, to compare read-only properties.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// Runs the record's own <c>Validate()</c>; its complaint names the setting that caused it when the property it
    /// names was set (<c>Bp.Damping</c> rather than <c>Damping</c>).
    /// </summary>
    private static void Validate(object options, IReadOnlyList<Setting> applied, string subject)
    {
        try
        {
            options.GetType().GetMethod("Validate", Type.EmptyTypes)?.Invoke(options, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException a)
        {
            string name = a.ParamName ?? "";
            Setting? culprit = applied.LastOrDefault(s =>
                string.Equals(s.Path.Split('.')[^1], name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(s.Path.Split('.')[0], name, StringComparison.OrdinalIgnoreCase));
            string message = a.Message.Split('\n')[0];
            int param = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            if (param >= 0) message = message[..param];
            string got = a is ArgumentOutOfRangeException { ActualValue: { } actual } ? $", got {Text(actual)}" : "";
            string where = culprit is null ? $"{subject}: {name}" : $"{culprit.Source}: {culprit.Path}";
            throw new SettingException($"{where}: {message}{got}");
        }
    }
}
