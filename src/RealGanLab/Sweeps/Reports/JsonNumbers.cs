using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RealGanLab.Sweeps.Reports;

/// <summary>Numbers out of run-directory JSON, where NaN and ±Infinity are written as strings and missing values as null.</summary>
static class JsonNumbers
{
    /// <summary>The node as a double: a JSON number, "NaN"/"Infinity"/"-Infinity", or NaN for null; null for anything else.</summary>
    public static double? Scalar(JsonNode? node)
    {
        if (node is null) return double.NaN;
        if (node is not JsonValue value) return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.Number => value.GetValue<double>(),
            JsonValueKind.String when double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            JsonValueKind.Null => double.NaN,
            _ => null,
        };
    }

    /// <summary>
    /// Numeric scalars of an object, flattened in document order: nested objects as "outer.inner"; arrays, booleans
    /// and text skipped.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, double>> Flatten(JsonObject node, string prefix = "")
    {
        foreach (var (key, child) in node)
        {
            if (child is JsonObject inner)
            {
                foreach (var kv in Flatten(inner, prefix + key + ".")) yield return kv;
            }
            else if (child is not JsonArray && Scalar(child) is double d)
            {
                yield return KeyValuePair.Create(prefix + key, d);
            }
        }
    }

    /// <summary>The JSON objects of a .jsonl file; unreadable lines (a line being written) are skipped.</summary>
    public static IReadOnlyList<JsonObject> ReadLines(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<JsonObject>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                if (JsonNode.Parse(line) is JsonObject o) lines.Add(o);
            }
            catch (JsonException) { }
        }
        return lines;
    }

    /// <summary>A JSON file's root object, or null when the file is missing or not (yet) a complete JSON object.</summary>
    public static JsonObject? ReadObject(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }
}
