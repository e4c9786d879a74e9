using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Configuration;

namespace RealGanLab.Sweeps;

/// <summary>
/// The pieces of a sweep file (<see cref="SweepPlan"/>): its axes, its explicit members, flat objects of config keys
/// and their scalar values, each checked where it is read and reported as an <see cref="InputIssue"/> whose key points
/// into the file.
/// </summary>
internal static class SweepFileSyntax
{
    internal static List<SweepAxis> ParseAxes(JsonNode node, List<InputIssue> issues)
    {
        var axes = new List<SweepAxis>();
        if (node is not JsonObject obj)
        {
            issues.Add(new InputIssue("axes", "must be an object: axis name → a list of values (for a config key) or an object of named variants."));
            return axes;
        }
        foreach (var (name, body) in obj)
        {
            var where = $"axes:{name}";
            if (body is JsonArray list)
            {
                if (!CheckKey(name, where, issues)) continue;
                if (list.Count == 0) { issues.Add(new InputIssue(where, "is empty; give at least one value, or remove the axis.")); continue; }
                var values = new List<SweepAxisValue>();
                foreach (var item in list)
                    if (Scalar(item, $"{where}[{values.Count}]", issues) is { } text)
                        values.Add(new SweepAxisValue(text, new Dictionary<string, string> { [name] = text }));
                foreach (var dup in values.GroupBy(v => v.Label).Where(g => g.Count() > 1))
                    issues.Add(new InputIssue(where, $"lists {dup.Key} {dup.Count()} times; each value once."));
                axes.Add(new SweepAxis(CanonicalKey(name), CanonicalKey(name), values));
            }
            else if (body is JsonObject variants)
            {
                if (!MemberNames.IsSafe(name)) { issues.Add(new InputIssue(where, "a variant axis's name must be letters, digits, '.', '+', '-', '_'.")); continue; }
                if (ConfigSchema.MemberFor(name) is not null)
                {
                    issues.Add(new InputIssue(where, $"'{name}' is a config key, so its axis is a list of values: \"{name}\": [ ... ]."));
                    continue;
                }
                if (variants.Count == 0) { issues.Add(new InputIssue(where, "has no variants; give at least one, e.g. \"simgd\": {}.")); continue; }
                var values = new List<SweepAxisValue>();
                foreach (var (label, set) in variants)
                {
                    if (!MemberNames.IsSafe(label)) issues.Add(new InputIssue($"{where}:{label}", "a variant's name must be letters, digits, '.', '+', '-', '_' (it goes into member names)."));
                    if (set is null) { issues.Add(new InputIssue($"{where}:{label}", "must be an object of config overrides ({} for the base)."));continue; }
                    values.Add(new SweepAxisValue(label, Overrides(set, $"{where}:{label}", issues)));
                }
                axes.Add(new SweepAxis(name, null, values));
            }
            else issues.Add(new InputIssue(where, $"must be a list of values (\"{name}\": [1, 2]) or an object of named variants, not {Describe(body)}."));
        }
        return axes;
    }

    internal static List<(string? Name, Dictionary<string, string> Settings, Dictionary<string, string> Overrides)> ParseMembers(JsonNode node, IReadOnlyList<SweepAxis> axes, List<InputIssue> issues)
    {
        var members = new List<(string?, Dictionary<string, string>, Dictionary<string, string>)>();
        if (node is not JsonArray list)
        {
            issues.Add(new InputIssue("members", "must be a list of objects, each a member's settings."));
            return members;
        }
        for (int i = 0; i < list.Count; i++)
        {
            var where = $"members:{i}";
            if (list[i] is not JsonObject obj) { issues.Add(new InputIssue(where, $"must be an object of settings, not {Describe(list[i])}.")); continue; }
            string? name = null;
            var settings = new Dictionary<string, string>();
            var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in obj)
            {
                if (key == "name")
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var n) && MemberNames.IsSafe(n)) name = n;
                    else issues.Add(new InputIssue($"{where}:name", "must be a string of letters, digits, '.', '+', '-', '_'."));
                    continue;
                }
                if (axes.FirstOrDefault(a => a.Key is null && a.Name == key) is { } variantAxis)
                {
                    var label = Scalar(value, $"{where}:{key}", issues);
                    if (label is null) continue;
                    var variant = variantAxis.Values.FirstOrDefault(v => v.Label == label);
                    if (variant is null) { issues.Add(new InputIssue($"{where}:{key}", $"'{label}' is not a variant of axis '{key}'. {DidYouMean.Hint(label, variantAxis.Values.Select(v => v.Label).ToList())}")); continue; }
                    settings[key] = label;
                    foreach (var (k, v) in variant.Overrides) overrides[k] = v;
                    continue;
                }
                if (!CheckKey(key, $"{where}:{key}", issues)) continue;
                if (Scalar(value, $"{where}:{key}", issues) is { } text)
                {
                    settings[CanonicalKey(key)] = text;
                    overrides[key] = text;
                }
            }
            if (settings.Count == 0 && name is null) issues.Add(new InputIssue(where, "sets nothing; give it settings (config keys or axis variants) or remove it."));
            members.Add((name, settings, overrides));
        }
        return members;
    }

    /// <summary>A flat object of config key → scalar value.</summary>
    internal static Dictionary<string, string> Overrides(JsonNode node, string where, List<InputIssue> issues)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (node is not JsonObject obj)
        {
            issues.Add(new InputIssue(where, "must be an object of config keys (section:key) and values, e.g. { \"rule:gamma\": 0.1 }."));
            return result;
        }
        foreach (var (key, value) in obj)
            if (CheckKey(key, $"{where}:{key}", issues) && Scalar(value, $"{where}:{key}", issues) is { } text)
                result[key] = text;
        return result;
    }

    internal static bool CheckKey(string key, string where, List<InputIssue> issues)
    {
        var member = ConfigSchema.MemberFor(key);
        if (member is null)
        {
            var suggestions = DidYouMean.Suggest(key, ConfigSchema.AllKeys());
            issues.Add(new InputIssue(where, $"'{key}' is not a config key." +
                (suggestions.Count > 0 ? $" Did you mean '{string.Join("' or '", suggestions)}'?" : "") + " 'realganlab config --keys' lists them."));
            return false;
        }
        if (member.IsSection)
        {
            issues.Add(new InputIssue(where, $"'{key}' is a section; name a key inside it, e.g. {key}:{ConfigSchema.FirstKey(member.ValueType)}."));
            return false;
        }
        return true;
    }

    /// <summary>The key as the config records spell it (camelCase per segment), so settings read the same however the file cases them.</summary>
    internal static string CanonicalKey(string key)
    {
        var parts = key.Split(':');
        var type = typeof(ExperimentConfig);
        for (int i = 0; i < parts.Length; i++)
        {
            var member = SchemaMember.Find(type, parts[i]);
            if (member is null) return key;
            parts[i] = member.Key;
            type = member.ValueType;
        }
        return string.Join(':', parts);
    }

    internal static string? Scalar(JsonNode? node, string where, List<InputIssue> issues)
    {
        if (node is JsonValue value)
            switch (value.GetValueKind())
            {
                case JsonValueKind.String: return value.GetValue<string>();
                case JsonValueKind.Number: return value.ToJsonString();
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
            }
        issues.Add(new InputIssue(where, $"must be a string, number or boolean, not {Describe(node)}."));
        return null;
    }

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "a list",
        JsonObject => "an object",
        _ => node.GetValueKind().ToString().ToLowerInvariant(),
    };
}
