namespace RealGanLab.Configuration;

/// <summary>Suggests the closest valid names for a misspelt one (Levenshtein distance, case-insensitive).</summary>
public static class DidYouMean
{
    /// <summary>Valid names within a small edit distance of <paramref name="given"/>, closest first.</summary>
    public static IReadOnlyList<string> Suggest(string given, IEnumerable<string> valid)
    {
        var g = given.ToLowerInvariant();
        int limit = Math.Max(2, g.Length / 3);
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
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
