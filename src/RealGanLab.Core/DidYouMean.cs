namespace RealGanLab;

/// <summary>
/// Suggests the closest valid names for a misspelt one: optimal-string-alignment distance (Levenshtein
/// plus adjacent transpositions, so "gmae" is one edit from "game"), case-insensitive.
/// </summary>
public static class DidYouMean
{
    /// <summary>Valid names within a small edit distance of <paramref name="given"/>, closest first.</summary>
    public static IReadOnlyList<string> Suggest(string given, IEnumerable<string> valid)
    {
        var g = given.ToLowerInvariant();
        int limit = Math.Max(1, (g.Length + 1) / 3);
        return valid
            .Select(v => (Name: v, Distance: Distance(g, v.ToLowerInvariant())))
            .Where(x => x.Distance <= limit || x.Name.StartsWith(given, StringComparison.OrdinalIgnoreCase))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name).Take(3).ToList();
    }

    /// <summary>"Did you mean 'x'? " followed by the list of valid names.</summary>
    public static string Hint(string given, IReadOnlyCollection<string> valid)
    {
        var suggestions = Suggest(given, valid);
        var mean = suggestions.Count > 0 ? $"Did you mean '{string.Join("' or '", suggestions)}'? " : "";
        return $"{mean}Valid: {string.Join(", ", valid)}.";
    }

    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
