using System.Text.Json;
using System.Text.Json.Serialization;

namespace RealGanLab.Configuration;

/// <summary>
/// The rule section in JSON as a record's properties would be written: rule:name, then every option with its typed
/// value (numbers, booleans, strings; unset ones left out) in registry order — so a saved config.json, and a config
/// diff, read the same as before rule options moved next to their rules.
/// </summary>
public sealed class RuleConfigJson : JsonConverter<RuleConfig>
{
    public override void Write(Utf8JsonWriter writer, RuleConfig value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(RuleConfig.NameKey, value.Name);
        foreach (var key in UpdateRules.OptionKeys)
        {
            switch (value.Value(key))
            {
                case null: break;
                case int i: writer.WriteNumber(key.Key, i); break;
                case double d: writer.WriteNumber(key.Key, d); break;
                case bool b: writer.WriteBoolean(key.Key, b); break;
                case var other: writer.WriteString(key.Key, other.ToString()); break;
            }
        }
        writer.WriteEndObject();
    }

    public override RuleConfig Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("the rule section is not an object");
        var rule = new RuleConfig();
        foreach (var property in document.RootElement.EnumerateObject())
            rule[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => property.Value.GetString(),
                _ => property.Value.GetRawText(),
            };
        return rule;
    }
}
