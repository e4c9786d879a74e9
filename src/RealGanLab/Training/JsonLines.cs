using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RealGanLab.Training;

/// <summary>
/// An append-only JSON Lines file (metrics.jsonl, probe.jsonl): one object per line, flushed at once so a
/// crash loses nothing already logged. NaN and ±∞ are written as null, which every JSON reader accepts.
/// </summary>
public sealed class JsonLines : IDisposable
{
    static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    readonly StreamWriter writer;

    public JsonLines(string path)
    {
        Path = path;
        writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    public string Path { get; }

    /// <summary>Appends the record as one line and flushes; returns the line as written (without its newline).</summary>
    public string Write(IReadOnlyDictionary<string, object?> record)
    {
        var line = Serialize(record);
        writer.Write(line);
        writer.Write('\n');
        writer.Flush();
        return line;
    }

    public static string Serialize(IReadOnlyDictionary<string, object?> record) => JsonSerializer.Serialize(ToNode(record), Options);

    /// <summary>
    /// Drops the lines written after <paramref name="step"/> (their "step" field) and any torn last line, so
    /// that a resumed run appends exactly where its checkpoint was taken.
    /// </summary>
    public static void TruncateAfter(string path, long step)
    {
        if (!File.Exists(path)) return;
        var kept = new List<string>();
        foreach (var line in File.ReadAllLines(path))
        {
            try
            {
                var node = JsonNode.Parse(line);
                if (node?["step"]?.GetValue<long>() is long s && s > step) continue;
                kept.Add(line);
            }
            catch (JsonException)
            {
                // A line torn by a crash mid-write: drop it.
            }
        }
        Output.AtomicFile.WriteAllText(path, kept.Count == 0 ? "" : string.Join('\n', kept) + "\n");
    }

    /// <summary>Reads every line as a JSON object.</summary>
    public static IReadOnlyList<JsonObject> Read(string path) => !File.Exists(path) ? [] :
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        float f => float.IsFinite(f) ? JsonValue.Create(f) : null,
        int or long or bool or string => JsonValue.Create(value),
        IReadOnlyDictionary<string, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))),
        IReadOnlyDictionary<string, double> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToNode).ToArray()),
        _ => JsonSerializer.SerializeToNode(value, Options),
    };

    public void Dispose() => writer.Dispose();
}
