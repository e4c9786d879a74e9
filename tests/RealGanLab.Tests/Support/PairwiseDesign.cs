namespace RealGanLab.Tests;

/// <summary>
/// A covering array of strength 2 over three factors: every level of each factor meets every level of each other
/// factor in at least one row. The two largest factors are crossed in full and the smallest rotates along them
/// (row (i, j) takes its level (i + j) mod n): for a fixed level of either large factor the other runs through at
/// least n consecutive indices, so the rotation meets every level of the small one. Rows = product of the two largest
/// sizes, against the product of all three for the full cross.
/// </summary>
public static class PairwiseDesign
{
    /// <summary>The rows, each as (first, second, third) in the order the factors were given.</summary>
    public static IReadOnlyList<string[]> Rows(IReadOnlyList<string> first, IReadOnlyList<string> second, IReadOnlyList<string> third)
    {
        IReadOnlyList<string>[] factors = [first, second, third];
        if (factors.Any(f => f.Count == 0)) throw new ArgumentException("every factor needs at least one level");
        // Largest first; ties keep the given order, so the design does not change when sizes tie.
        var order = Enumerable.Range(0, 3).OrderByDescending(f => factors[f].Count).ThenBy(f => f).ToArray();
        var (outer, inner, rotating) = (factors[order[0]], factors[order[1]], factors[order[2]]);
        var rows = new List<string[]>(outer.Count * inner.Count);
        for (int i = 0; i < outer.Count; i++)
            for (int j = 0; j < inner.Count; j++)
            {
                var row = new string[3];
                row[order[0]] = outer[i];
                row[order[1]] = inner[j];
                row[order[2]] = rotating[(i + j) % rotating.Count];
                rows.Add(row);
            }
        return rows;
    }

    /// <summary>The pairs of levels (factor a's, factor b's) of two factors that no row holds.</summary>
    public static IEnumerable<(string, string)> MissingPairs(IEnumerable<string[]> rows, IReadOnlyList<string> a, int factorA, IReadOnlyList<string> b, int factorB)
    {
        var seen = rows.Select(r => (r[factorA], r[factorB])).ToHashSet();
        return from x in a from y in b where !seen.Contains((x, y)) select (x, y);
    }
}
