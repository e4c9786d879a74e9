using System.Text.Json.Nodes;

namespace RealGanLab.Configuration;

/// <summary>
/// The keys in which two resolved configs differ, as section:key paths with both values — what a refused
/// resume lists (mimicry's habit).
/// </summary>
public static class ConfigDiff
{
    public static IReadOnlyList<(string Key, string? Before, string? After)> Compare(ExperimentConfig before, ExperimentConfig after) =>
        Compare(JsonNode.Parse(ConfigJson.Serialize(before))!, JsonNode.Parse(ConfigJson.Serialize(after))!);

    public static IReadOnlyList<(string Key, string? Before, string? After)> Compare(JsonNode before, JsonNode after)
    {
        var a = Flatten(before);
        var b = Flatten(after);
        return a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k))
            .Select(k => (k, a.GetValueOrDefault(k), b.GetValueOrDefault(k)))
            .ToList();
    }

    static Dictionary<string, string?> Flatten(JsonNode node)
    {
        var result = new Dictionary<string, string?>();
        Walk(node, "", result);
        return result;
    }

    static void Walk(JsonNode? node, string prefix, Dictionary<string, string?> result)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj) Walk(child, prefix.Length == 0 ? key : $"{prefix}:{key}", result);
                break;
            case JsonArray array:
                // Lists compare as a whole: "start = [1, 2]" reads better than start:0, start:1.
                result[prefix] = array.ToJsonString();
                break;
            default:
                result[prefix] = node?.ToJsonString();
                break;
        }
    }
}
