using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace RealGanLab.Configuration;

/// <summary>
/// Checks raw configuration keys against the typed records before binding: unknown keys (with "did you
/// mean"), values of the wrong type, out-of-range values and unknown names, all reported at once with
/// the key written as section:key. Binding a misspelt key would silently keep the default.
/// </summary>
public static class ConfigSchema
{
    public static IReadOnlyList<InputIssue> Validate(IConfiguration root)
    {
        var issues = new List<InputIssue>();
        ValidateSection(root.GetChildren(), typeof(ExperimentConfig), "", issues);
        return issues;
    }

    /// <summary>
    /// The shape of one layer (a file, one environment variable, the command line's overrides) on its own: sections
    /// given a plain value, lists given a plain value and single values given a section, each named with
    /// <paramref name="source"/> ("in 'configs/x.json'"). Unknown keys and values are left to <see cref="Validate"/>
    /// on the merged layers, where a higher layer may still correct a lower one.
    /// </summary>
    public static IReadOnlyList<InputIssue> ValidateShape(IConfiguration layer, string source)
    {
        var issues = new List<InputIssue>();
        void Walk(IEnumerable<IConfigurationSection> children, Type type, string prefix)
        {
            foreach (var child in children)
            {
                var member = SchemaMember.Find(type, child.Key);
                if (member is null) continue;
                string key = prefix + member.Key;
                bool hasValue = !string.IsNullOrEmpty(child.Value);
                bool hasChildren = child.GetChildren().Any();
                if (member.IsSection)
                {
                    var first = FirstKey(member.ValueType);
                    if (hasValue)
                        issues.Add(new InputIssue(key, $"is a section, but {source} it is given the value '{child.Value}'; set its keys instead, e.g. {key}:{first}=..., in a file {{ \"{member.Key}\": {{ \"{first}\": ... }} }}"));
                    else Walk(child.GetChildren(), member.ValueType, key + ":");
                }
                else if (member.IsList)
                {
                    if (hasValue)
                        issues.Add(new InputIssue(key, $"expects a list, but {source} it is given the single value '{child.Value}'; write [1.0, 0.5] in JSON or {key}=1.0,0.5 on the command line"));
                }
                else if (hasChildren)
                    issues.Add(new InputIssue(key, $"expects a single {TypeName(member.ValueType)}, but {source} it is given a section or a list"));
            }
        }
        Walk(layer.GetChildren(), typeof(ExperimentConfig), "");
        return issues;
    }

    /// <summary>The key a path (section:key) refers to, or null.</summary>
    public static SchemaMember? MemberFor(string path)
    {
        Type type = typeof(ExperimentConfig);
        SchemaMember? member = null;
        foreach (var part in path.Split(':'))
        {
            if (member is { IsSection: false }) return null;
            member = SchemaMember.Find(type, part);
            if (member is null) return null;
            type = member.ValueType;
        }
        return member;
    }

    /// <summary>Every leaf key path (section:key, camelCase), in declaration order: for "did you mean" on keys named outside a config file.</summary>
    public static IReadOnlyList<string> AllKeys()
    {
        var keys = new List<string>();
        void Walk(Type type, string prefix)
        {
            foreach (var m in SchemaMember.Of(type))
            {
                if (m.IsSection) Walk(m.ValueType, prefix + m.Key + ":");
                else keys.Add(prefix + m.Key);
            }
        }
        Walk(typeof(ExperimentConfig), "");
        return keys;
    }

    /// <summary>The camelCase key of a property, as written in JSON files.</summary>
    public static string KeyOf(PropertyInfo p) => char.ToLowerInvariant(p.Name[0]) + p.Name[1..];

    /// <summary>The first key of a section, for examples in messages.</summary>
    public static string FirstKey(Type section) => SchemaMember.Of(section)[0].Key;

    static void ValidateSection(IEnumerable<IConfigurationSection> children, Type type, string prefix, List<InputIssue> issues)
    {
        var known = SchemaMember.Of(type);
        foreach (var child in children)
        {
            string key = prefix + child.Key;
            var member = SchemaMember.Find(type, child.Key);
            if (member is null)
            {
                var names = known.Select(m => m.Key).ToList();
                var what = prefix.Length == 0 ? "top-level key" : $"key in section '{prefix.TrimEnd(':')}'";
                issues.Add(new InputIssue(key, $"unknown {what}. {DidYouMean.Hint(child.Key, names)}"));
                continue;
            }
            var valueType = member.ValueType;
            bool hasChildren = child.GetChildren().Any();
            if (member.IsSection)
            {
                if (!hasChildren && !string.IsNullOrEmpty(child.Value))
                    issues.Add(new InputIssue(key, $"is a section; set its keys, e.g. {key}:{FirstKey(valueType)}=..."));
                else ValidateSection(child.GetChildren(), valueType, key + ":", issues);
            }
            else if (member.IsList)
            {
                var elementType = valueType.GetElementType()!;
                if (!hasChildren && !string.IsNullOrEmpty(child.Value))
                    issues.Add(new InputIssue(key, $"expects a list, e.g. [1.0, 0.5] in JSON or {key}=1.0,0.5 on the command line"));
                foreach (var element in child.GetChildren())
                {
                    if (!int.TryParse(element.Key, out _) || element.GetChildren().Any())
                        issues.Add(new InputIssue(key, "expects a list of numbers"));
                    else CheckValue(prefix + child.Key + ":" + element.Key, element.Value, elementType, member, issues);
                }
            }
            else if (hasChildren)
            {
                issues.Add(new InputIssue(key, $"expects a single {TypeName(valueType)}, got a section"));
            }
            else
            {
                if (member.IsNullable && string.IsNullOrEmpty(child.Value)) continue;
                CheckValue(key, child.Value, valueType, member, issues);
            }
        }
    }

    static void CheckValue(string key, string? value, Type type, SchemaMember member, List<InputIssue> issues)
    {
        value ??= "";
        object? parsed = Parse(value, type);
        if (parsed is null)
        {
            issues.Add(new InputIssue(key, $"'{value}' is not {Article(TypeName(type))} {TypeName(type)}"));
            return;
        }
        var range = member.Range;
        if (range is not null && parsed is IConvertible convertible)
        {
            double x = convertible.ToDouble(CultureInfo.InvariantCulture);
            double min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
            double max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
            if (double.IsNaN(x) || x < min || x > max)
                issues.Add(new InputIssue(key, $"{value} is out of range: {DescribeRange(min, max)}"));
        }
        if (member.Choice is { } kind)
        {
            var names = Registries.NamesOf(kind);
            if (!names.Contains(value, StringComparer.Ordinal))
                issues.Add(new InputIssue(key, $"unknown {kind.ToString().ToLowerInvariant()} '{value}'. {DidYouMean.Hint(value, names.ToList())}"));
        }
    }

    static object? Parse(string value, Type type)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(string)) return value;
        if (type == typeof(int)) return int.TryParse(value, NumberStyles.Integer, invariant, out var i) ? i : null;
        if (type == typeof(long)) return long.TryParse(value, NumberStyles.Integer, invariant, out var l) ? l : null;
        if (type == typeof(double))
            return double.TryParse(value, NumberStyles.Float, invariant, out var d) && double.IsFinite(d) ? d : null;
        if (type == typeof(bool)) return bool.TryParse(value, out var b) ? b : null;
        return null;
    }

    static string DescribeRange(double min, double max)
    {
        bool noMax = max >= double.MaxValue / 2 || max >= int.MaxValue;
        if (min <= 1e-200 && min > 0) return noMax ? "must be > 0" : $"must be in (0, {max:g}]";
        if (noMax) return $"must be >= {min:g}";
        return $"must be in [{min:g}, {max:g}]";
    }

    static string TypeName(Type t) =>
        t == typeof(int) || t == typeof(long) ? "integer" : t == typeof(double) ? "number" : t == typeof(bool) ? "boolean (true/false)" : t.Name.ToLowerInvariant();

    static string Article(string word) => "aeiou".Contains(word[0]) ? "an" : "a";
}
