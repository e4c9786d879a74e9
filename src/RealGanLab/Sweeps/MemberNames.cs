using System.Globalization;
using System.Text;

namespace RealGanLab.Sweeps;

/// <summary>
/// Member names built from a member's settings, in axis order, joined by '_': a variant's name as is
/// ("r1"), a string value as is ("ustat"), a number after its key's last segment ("gamma0.1", "r1-10"), the seed as
/// "s" + number. Integers of one axis are zero-padded to one width so names sort like the numbers
/// (s01 … s10). Only [A-Za-z0-9.+-] survive, so names are safe as directory names everywhere.
/// </summary>
public static class MemberNames
{
    public const string Empty = "base";

    /// <summary>The name part of one setting. <paramref name="width"/> pads non-negative integers.</summary>
    public static string Part(SweepAxis axis, SweepAxisValue value, int width)
    {
        if (axis.Key is null) return Sanitize(value.Label);
        var raw = value.Label;
        bool number = double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) raw = n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
        if (axis.IsSeed) return "s" + Sanitize(raw);
        if (!number && raw is not ("true" or "false")) return Sanitize(raw);
        var label = KeyLabel(axis.Key);
        // "gamma0.1", but "r1-10": a label that ends in a digit would run into the number.
        return label + (number && !char.IsAsciiDigit(label[^1]) ? "" : "-") + Sanitize(raw);
    }

    /// <summary>The pad width of an axis: the longest non-negative integer label, or 0 when any label is not one.</summary>
    public static int Width(SweepAxis axis) =>
        axis.Values.All(v => long.TryParse(v.Label, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? axis.Values.Max(v => v.Label.TrimStart('0').Length is var l && l == 0 ? 1 : l)
            : 0;

    /// <summary>The last segment of a key, for names: rule:gamma → gamma.</summary>
    public static string KeyLabel(string key) => Sanitize(key[(key.LastIndexOf(':') + 1)..]);

    public static string Join(IEnumerable<string> parts)
    {
        var name = string.Join("_", parts.Where(p => p.Length > 0));
        return name.Length == 0 ? Empty : name;
    }

    public static string Sanitize(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
            b.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-' ? c : '-');
        var s = b.ToString().Trim('-');
        return s.Length == 0 ? "x" : s;
    }

    /// <summary>Names the sweep directory uses itself (logs/, report/, its files); no member may take them.</summary>
    public static readonly IReadOnlySet<string> Reserved =
        new HashSet<string>(["logs", "report", "sweep.json", "summary.csv", "summary.md", "report.html"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a name is usable as a member's directory name as it is.</summary>
    public static bool IsSafe(string name) =>
        name.Length > 0 && name.Length <= 200 && !name.StartsWith('.') && !Reserved.Contains(name) &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-' or '_');
}
