using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;

namespace RealGanLab.Configuration;

/// <summary>
/// The "rule" section: rule:name and the options of every rule, whose keys each rule's registry entry declares with an
/// options record next to the rule (<see cref="UpdateRules.OptionKeys"/>). Held as the section's text, as configuration
/// binds it, pre-filled with every option's default; <see cref="Options{T}"/> reads a rule's record from it. Written
/// to JSON with typed values in registry order (<see cref="RuleConfigJson"/>), as the keys have always been written.
/// </summary>
[JsonConverter(typeof(RuleConfigJson))]
public sealed class RuleConfig : Dictionary<string, string?>
{
    public const string NameKey = "name";

    public RuleConfig() : base(StringComparer.OrdinalIgnoreCase)
    {
        this[NameKey] = "simgd";
        foreach (var entry in UpdateRules.Entries.Where(e => e.OptionsType is not null))
        {
            var defaults = Activator.CreateInstance(entry.OptionsType!)!;
            foreach (var p in entry.OptionsType!.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                if (p.GetValue(defaults) is { } value) this[ConfigSchema.KeyOf(p)] = Format(value);
        }
    }

    /// <summary>The update rule's name (rule:name).</summary>
    public string Name => this[NameKey]!;

    /// <summary>A rule's options record, its properties read from the keys of the same names (validated before binding).</summary>
    public T Options<T>() where T : new()
    {
        var options = new T();
        foreach (var p in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (TryGetValue(ConfigSchema.KeyOf(p), out var text)) p.SetValue(options, Parse(text, p.PropertyType));
        return options;
    }

    /// <summary>The typed value of a key (int, double, bool or string), or null when unset.</summary>
    public object? Value(SchemaMember key) => TryGetValue(key.Key, out var text) ? Parse(text, key.Type) : null;

    static object? Parse(string? text, Type type)
    {
        var valueType = Nullable.GetUnderlyingType(type) ?? type;
        if (string.IsNullOrEmpty(text)) return valueType == typeof(string) ? text : null;
        var invariant = CultureInfo.InvariantCulture;
        if (valueType == typeof(int)) return int.Parse(text, NumberStyles.Integer, invariant);
        if (valueType == typeof(double)) return double.Parse(text, NumberStyles.Float, invariant);
        if (valueType == typeof(bool)) return bool.Parse(text);
        if (valueType == typeof(string)) return text;
        throw new NotSupportedException($"rule option of type {valueType.Name}");
    }

    static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
