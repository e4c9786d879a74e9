using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace RealGanLab.Configuration;

/// <summary>
/// One key of a config section as the schema sees it: a property of a config record (with its attributes), or a key
/// a registry declares (<see cref="RegistryKey"/>). Validation, list expansion, sweeps and `config --keys` read keys
/// through this, so a registry's keys are checked and listed like the records'.
/// </summary>
public sealed record SchemaMember(string Key, Type Type, string Description, RangeAttribute? Range, NameKind? Choice)
{
    /// <summary>The value type, without Nullable.</summary>
    public Type ValueType => Nullable.GetUnderlyingType(Type) ?? Type;

    public bool IsNullable => Nullable.GetUnderlyingType(Type) is not null;

    /// <summary>A section of further keys (a record, or a section whose keys a registry declares).</summary>
    public bool IsSection => ValueType.IsClass && ValueType != typeof(string) && !ValueType.IsArray;

    public bool IsList => ValueType.IsArray;

    /// <summary>This key's value in a bound section (a record, or the regularizers' dictionary).</summary>
    public object? ValueIn(object section) => section switch
    {
        IReadOnlyDictionary<string, double> values => values[Key],
        RuleConfig rule => rule.Value(this),
        _ => section.GetType().GetProperty(Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)!.GetValue(section),
    };

    /// <summary>The keys of a section type (a config record, or a rule's options record), in declaration (or registry) order.</summary>
    public static IReadOnlyList<SchemaMember> Of(Type section)
    {
        if (section == typeof(RegularizerConfig))
            return RegularizerRegistry.Keys.Select(k => new SchemaMember(k.Name, k.Type, k.Description, new RangeAttribute(k.Minimum, k.Maximum), null)).ToList();
        if (section == typeof(RuleConfig))
            return [new SchemaMember(RuleConfig.NameKey, typeof(string), "Update rule.", null, NameKind.Rule), .. UpdateRules.OptionKeys];
        return section.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(FromProperty).ToList();
    }

    /// <summary>The key of a section named <paramref name="key"/>, ignoring case as configuration does; null if none.</summary>
    public static SchemaMember? Find(Type section, string key) =>
        Of(section).FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.OrdinalIgnoreCase));

    static SchemaMember FromProperty(PropertyInfo p) => new(
        char.ToLowerInvariant(p.Name[0]) + p.Name[1..],
        p.PropertyType,
        p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "",
        p.GetCustomAttribute<RangeAttribute>(),
        p.GetCustomAttribute<ChoiceAttribute>()?.Kind);
}
