using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RealGanLab.Tests;

/// <summary>Reading a sweep report back in tests: its Markdown tables and CSV rows, mean ± std cells against values.</summary>
internal static class ReportTables
{
    internal static double FinalValue(JsonNode summary, string key) =>
        summary["final"]![key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN;

    /// <summary>"mean ± std (n=k)" in the report against the finite values: two-sided, 4 significant digits.</summary>
    internal static void AssertMeanStd(IEnumerable<double> values, string cell)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            Assert.Equal("—", cell);
            return;
        }
        var m = Regex.Match(cell, @"^(\S+) ± (\S+) \(n=(\d+)\)$");
        Assert.True(m.Success, $"cell '{cell}'");
        Assert.Equal(finite.Length, int.Parse(m.Groups[3].Value));
        double mean = finite.Average();
        AssertClose(mean, Parse(m.Groups[1].Value));
        if (finite.Length < 2)
        {
            Assert.Equal("—", m.Groups[2].Value);
            return;
        }
        double std = Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1));
        AssertClose(std, Parse(m.Groups[2].Value));
    }

    internal static void AssertClose(double expected, double actual)
    {
        double tolerance = 1e-3 * Math.Abs(expected) + 1e-12;
        Assert.InRange(actual, expected - tolerance, expected + tolerance);
    }

    internal static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The first Markdown table after a heading: header row, then body rows (separator skipped).</summary>
    internal static List<string[]> Table(string[] lines, string heading)
    {
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"{heading} missing");
        return lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|'))
            .Where(l => !l.StartsWith("|---"))
            .Select(l => l.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())
            .ToList();
    }

    /// <summary>RFC 4180 rows (quoted fields may hold commas, quotes and newlines).</summary>
    internal static List<string[]> ReadCsv(string path)
    {
        var text = File.ReadAllText(path);
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row.ToArray()); row.Clear(); }
            else field.Append(c);
        }
        return rows;
    }

    internal static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
