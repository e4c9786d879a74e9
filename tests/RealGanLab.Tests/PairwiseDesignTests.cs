namespace RealGanLab.Tests;

/// <summary>
/// The pairwise design the MLP smoke matrix runs: every pair of levels of any two factors is in some row, for every
/// size of factor up to 9 (whichever is largest) and for the matrix's own rules, regularizers and losses.
/// </summary>
public class PairwiseDesignTests
{
    static IReadOnlyList<string> Levels(string name, int count) => [.. Enumerable.Range(0, count).Select(i => $"{name}{i}")];

    static void AssertCovers(IReadOnlyList<string[]> rows, IReadOnlyList<string> a, IReadOnlyList<string> b, IReadOnlyList<string> c)
    {
        IReadOnlyList<string>[] factors = [a, b, c];
        Assert.All(rows, r => Assert.All(Enumerable.Range(0, 3), f => Assert.Contains(r[f], factors[f])));
        foreach (var (x, y) in new[] { (0, 1), (0, 2), (1, 2) })
            Assert.Empty(PairwiseDesign.MissingPairs(rows, factors[x], x, factors[y], y));
    }

    [Fact]
    public void EveryPairOfLevelsOfAnyTwoFactorsIsInSomeRow()
    {
        for (int na = 1; na <= 9; na++)
            for (int nb = 1; nb <= 9; nb++)
                for (int nc = 1; nc <= 9; nc++)
                {
                    var (a, b, c) = (Levels("a", na), Levels("b", nb), Levels("c", nc));
                    var rows = PairwiseDesign.Rows(a, b, c);
                    AssertCovers(rows, a, b, c);
                    // No more rows than the two largest factors crossed (the least any strength-2 design can have is that many).
                    var sizes = new[] { na, nb, nc }.OrderDescending().ToArray();
                    Assert.Equal(sizes[0] * sizes[1], rows.Count);
                    Assert.Equal(rows.Count, rows.Select(r => string.Join(" ", r)).Distinct().Count());
                }
    }

    [Fact]
    public void ARowLeftOutOfTheDesignLeavesAPairUncovered()
    {
        // The check above can fail: the two largest factors are crossed once, so dropping a row loses its pair of them.
        var (a, b, c) = (Levels("a", 4), Levels("b", 3), Levels("c", 2));
        var rows = PairwiseDesign.Rows(a, b, c).Skip(1).ToList();
        Assert.NotEmpty(PairwiseDesign.MissingPairs(rows, a, 0, b, 1));
    }

    [Fact]
    public void TheMlpSmokeMatrixCoversEveryRuleRegularizerAndLossPairwise()
    {
        var rows = MlpSmokeMatrixTests.Cases().Select(c => c.Cast<string>().ToArray()).ToList();
        var rules = MlpSmokeMatrixTests.RuleVariants.Select(r => string.Join(" ", r)).ToList();
        var regularizers = MlpSmokeMatrixTests.Regularizers;
        var losses = LossFamilies.Names;
        AssertCovers(rows, rules, regularizers, losses);
        // The two largest factors crossed in full (today every rule variant with every regularizer), the third rotating.
        var sizes = new[] { rules.Count, regularizers.Count, losses.Count }.OrderDescending().ToArray();
        Assert.Equal(sizes[0] * sizes[1], rows.Count);
    }
}
