using System.Globalization;
using System.Text.Json;

namespace LocalEntropy.Experiments;

/// <summary>Writes stored runs as CSV (RFC 4180, a header row) or as a JSON array of objects named by column.</summary>
public static class RunExport
{
    /// <summary>CSV: one header row with the column names, one row per run; fields quoted when they need it.</summary>
    public static void WriteCsv(RunTable table, TextWriter writer)
    {
        writer.WriteLine(string.Join(',', table.Columns));
        foreach (object?[] row in table.Rows) writer.WriteLine(string.Join(',', row.Select(v => Quote(Text(v)))));
    }

    /// <summary>JSON: an array with one object per run; <c>options_json</c> is embedded as an object.</summary>
    public static void WriteJson(RunTable table, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartArray();
        foreach (object?[] row in table.Rows)
        {
            w.WriteStartObject();
            for (int i = 0; i < row.Length; i++)
            {
                w.WritePropertyName(table.Columns[i]);
                switch (row[i])
                {
                    case null: w.WriteNullValue(); break;
                    case long l: w.WriteNumberValue(l); break;
                    case double d: w.WriteNumberValue(d); break;
                    case string s when table.Columns[i] == "options_json": w.WriteRawValue(s); break;
                    case var v: w.WriteStringValue(Text(v)); break;
                }
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
