using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LocalEntropy.Experiments;

/// <summary>
/// The canonical JSON of an options record, whose hash identifies a solver configuration, and the reading of an
/// options file into <see cref="Setting"/>s. Canonical: every public property, read-only ones (which name a variant,
/// such as a protocol's <c>Name</c>) first, then the settable ones, each group in ordinal order of the names; enums
/// by name, <see cref="TimeSpan"/> in seconds, numbers in their shortest round-trip form, no white space.
/// </summary>
public static class OptionsJson
{
    /// <summary>The public instance properties of <paramref name="type"/> in canonical order.</summary>
    public static IReadOnlyList<PropertyInfo> Properties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            .OrderBy(p => p.SetMethod is { IsPublic: true } ? 1 : 0)
            .ThenBy(p => p.Name, StringComparer.Ordinal)];

    /// <summary>The canonical JSON of <paramref name="options"/>.</summary>
    public static string Canonical(object options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, options);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text: the hash that identifies a configuration.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static void Write(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case Enum e: w.WriteStringValue(e.ToString()); break;
            case TimeSpan t: w.WriteNumberValue(t.TotalSeconds); break;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (object? item in items) Write(w, item);
                w.WriteEndArray();
                break;
            default:
                w.WriteStartObject();
                foreach (PropertyInfo p in Properties(value.GetType()))
                {
                    w.WritePropertyName(p.Name);
                    Write(w, p.GetValue(value));
                }
                w.WriteEndObject();
                break;
        }
    }

    /// <summary>
    /// The settings in an options file: a JSON object whose nested objects give dotted paths (<c>{"Bp":
    /// {"Damping": 0.4}}</c> is <c>Bp.Damping=0.4</c>), in the file's order, each with its FILE:LINE as source.
    /// Comments and trailing commas are allowed; malformed JSON is a <see cref="SettingException"/> at FILE:LINE.
    /// </summary>
    public static IReadOnlyList<Setting> ReadSettings(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string name = path;
        var settings = new List<Setting>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var names = new Stack<string>();
        string Where(long offset) => $"{name}:{1 + bytes.AsSpan(0, (int)Math.Min(offset, bytes.Length)).Count((byte)'\n')}";
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new SettingException($"{Where(reader.TokenStartIndex)}: an options file holds one JSON object");
            string? property = null;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        break;
                    case JsonTokenType.StartObject:
                        names.Push(property!);
                        break;
                    case JsonTokenType.EndObject:
                        names.TryPop(out _);
                        break;
                    case JsonTokenType.StartArray:
                        throw new SettingException($"{Where(reader.TokenStartIndex)}: {property}: lists cannot be set from a file");
                    default:
                        string? text = reader.TokenType switch
                        {
                            JsonTokenType.String => reader.GetString(),
                            JsonTokenType.Null => null,
                            _ => Encoding.UTF8.GetString(reader.ValueSpan),
                        };
                        string dotted = string.Join('.', names.Reverse().Append(property));
                        settings.Add(new Setting(dotted, text, Where(reader.TokenStartIndex)));
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            string message = e.Message;
            int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (at >= 0) message = message[..at];
            throw new SettingException(string.Create(CultureInfo.InvariantCulture, $"{name}:{(e.LineNumber ?? 0) + 1}: invalid JSON: {message}"));
        }
        return settings;
    }
}
