using RealGanLab.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Precision, recall, density and coverage on constructed sets whose answers are known, against a direct O(n²)
/// computation of the papers' definitions, and against Naeem et al.'s expectations for two samples of one
/// distribution (their Lemmas 1 and 2).
/// </summary>
[NoGarbageCollection]
public class ManifoldMetricsTests
{
    static Tensor Gaussian(long n, long d, long seed) => randn([n, d], dtype: ScalarType.Float64, generator: new Generator((ulong)seed));

    [Fact]
    public void ASetComparedWithItselfIsPerfect()
    {
        using var scope = NewDisposeScope();
        var x = Gaussian(600, 4, 1);
        var r = ManifoldMetrics.Evaluate(x, x.clone());
        Assert.Equal(1.0, r.Precision);
        Assert.Equal(1.0, r.Recall);
        Assert.Equal(1.0, r.Coverage);
        Assert.Equal(1.0, r.Density, 12);      // each real ball holds its centre and its k − 1 nearer neighbours (strict <)
    }

    /// <summary>
    /// Through matrix products (high dimensions) a distance and its mirror may differ in the last bits, so a point on
    /// a ball's edge may count: a set compared with itself has density 1 only to within such points.
    /// </summary>
    [Fact]
    public void InHighDimensionsASetComparedWithItselfIsPerfectToWithinRounding()
    {
        using var scope = NewDisposeScope();
        var x = Gaussian(600, 128, 1);
        var r = ManifoldMetrics.Evaluate(x, x.clone());
        Assert.Equal((1.0, 1.0, 1.0), (r.Precision, r.Recall, r.Coverage));
        Assert.InRange(r.Density, 1.0, 1.0 + 600.0 / 3000);
    }

    [Fact]
    public void FarApartSetsScoreZero()
    {
        using var scope = NewDisposeScope();
        var r = ManifoldMetrics.Evaluate(Gaussian(300, 2, 2), Gaussian(300, 2, 3).add(1000));
        Assert.Equal(new ManifoldResult(0, 0, 0, 0), r);
    }

    /// <summary>
    /// Real points in 10 far-apart clusters; generated points from 3 of them only. Recall and coverage cannot exceed
    /// 3/10 (no generated ball reaches another cluster) and nearly reach it (within a covered cluster the generated
    /// points are denser than the real ones); precision stays near 1 (every generated point lies in a real cluster).
    /// </summary>
    [Fact]
    public void GeneratingASubsetOfTheModesLowersRecallAndCoverageToItsFraction()
    {
        using var scope = NewDisposeScope();
        var centres = arange(10, dtype: ScalarType.Float64).mul(100).unsqueeze(1).expand(10, 2);
        var real = Gaussian(2000, 2, 4).add(centres.repeat(200, 1));
        var generated = Gaussian(2000, 2, 5).add(centres.narrow(0, 0, 3).repeat(667, 1).narrow(0, 0, 2000));
        var r = ManifoldMetrics.Evaluate(real, generated);
        Assert.InRange(r.Recall, 0.27, 0.30);
        Assert.InRange(r.Coverage, 0.28, 0.30);
        Assert.InRange(r.Precision, 0.95, 1.0);
        Assert.InRange(r.Density, 0.9, 1.1);      // within a covered cluster generated points are distributed as the real ones
    }

    /// <summary>
    /// Two independent samples of one distribution: E[density] = 1 (Naeem et al., Lemma 1) and E[coverage] =
    /// 1 − Π_{i=1..k} (N − i)/(N + M − i) (Lemma 2), averaged over 5 pairs; precision and recall high but below 1.
    /// </summary>
    [Fact]
    public void TwoSamplesOfOneDistributionMeetNaeemEtAlsExpectations()
    {
        using var scope = NewDisposeScope();
        const int n = 800, m = 800, k = ManifoldMetrics.DensityCoverageK;
        double expectedCoverage = 1 - Enumerable.Range(1, k).Aggregate(1.0, (p, i) => p * (n - i) / (n + m - i));
        var results = Enumerable.Range(0, 5).Select(s => ManifoldMetrics.Evaluate(Gaussian(n, 3, 10 + 2 * s), Gaussian(m, 3, 11 + 2 * s))).ToList();
        Assert.InRange(results.Average(r => r.Density), 0.95, 1.05);
        Assert.InRange(results.Average(r => r.Coverage), expectedCoverage - 0.015, expectedCoverage + 0.015);
        Assert.All(results, r => Assert.InRange(r.Precision, 0.8, 0.999));
        Assert.All(results, r => Assert.InRange(r.Recall, 0.8, 0.999));
    }

    [Theory]
    [InlineData(60, 45, 3, 20)]
    [InlineData(40, 70, 8, 21)]
    [InlineData(2500, 1200, 2, 22)]      // more rows than one distance block
    [InlineData(300, 200, 128, 23)]      // through matrix products, as the classifier's features are
    public void MatchesTheDefinitionsComputedDirectly(int n, int m, int d, int seed)
    {
        using var scope = NewDisposeScope();
        var real = Gaussian(n, d, seed);
        var generated = Gaussian(m, d, seed + 100).mul(1.3).add(0.4);
        var r = ManifoldMetrics.Evaluate(real, generated);
        var expected = Direct(Rows(real), Rows(generated));
        Assert.Equal(expected.Precision, r.Precision, 12);
        Assert.Equal(expected.Recall, r.Recall, 12);
        Assert.Equal(expected.Density, r.Density, 12);
        Assert.Equal(expected.Coverage, r.Coverage, 12);
    }

    /// <summary>
    /// Points of the integer lattice, whose distances tie exactly (and are computed exactly in two dimensions): the
    /// counts match the definitions with ≤ for precision and recall and &lt; for density and coverage.
    /// </summary>
    [Fact]
    public void OnALatticeTiesFollowThePapersComparisons()
    {
        using var scope = NewDisposeScope();
        var grid = Enumerable.Range(0, 64).Select(i => new double[] { i % 8, i / 8 }).ToArray();
        var shifted = Enumerable.Range(0, 40).Select(i => new double[] { i % 8 + 1, i / 8 + 2 }).ToArray();
        var r = ManifoldMetrics.Evaluate(Tensor(grid), Tensor(shifted));
        var expected = Direct(grid, shifted);
        Assert.Equal(expected, r);
        // With < instead of ≤ the lattice's precision would differ: the points on a ball's edge count.
        Assert.NotEqual(expected.Precision, Direct(grid, shifted, strictPrecisionRecall: true).Precision);
    }

    static Tensor Tensor(double[][] rows) => tensor(rows.SelectMany(p => p).ToArray(), [rows.Length, rows[0].Length], ScalarType.Float64);

    [Fact]
    public void NonFiniteGeneratedPointsCountAsOutsideEveryManifold()
    {
        using var scope = NewDisposeScope();
        var x = Gaussian(200, 2, 30);
        var y = cat([x.clone(), full([50, 2], double.NaN, dtype: ScalarType.Float64)], 0);
        var r = ManifoldMetrics.Evaluate(x, y);
        Assert.Equal(200 / 250.0, r.Precision, 12);
        Assert.Equal(1.0, r.Recall);
        Assert.Equal(1.0, r.Coverage);
        Assert.Equal(200 / 250.0, r.Density, 12);     // the finite ones are the real set: k real balls each (strict <, exact in 2-D)
        // All diverged: no generated point in any real ball; recall has no generated radii.
        var none = ManifoldMetrics.Evaluate(x, full([9, 2], double.NaN, dtype: ScalarType.Float64));
        Assert.Equal((0.0, 0.0, 0.0), (none.Precision, none.Density, none.Coverage));
        Assert.True(double.IsNaN(none.Recall));
    }

    [Fact]
    public void BadInputIsRefusedNamingIt()
    {
        using var scope = NewDisposeScope();
        // Too few real points for k = 5 radii: no values rather than an error that would end a run.
        Assert.Equal(new ManifoldResult(double.NaN, double.NaN, double.NaN, double.NaN), ManifoldMetrics.Evaluate(Gaussian(5, 2, 1), Gaussian(50, 2, 2)));
        Assert.Contains("dimensions", Assert.Throws<ArgumentException>(() => ManifoldMetrics.Evaluate(Gaussian(50, 2, 1), Gaussian(50, 3, 2))).Message);
        Assert.Contains("real contains NaN", Assert.Throws<ArgumentException>(() => ManifoldMetrics.Evaluate(full([50, 2], double.NaN, dtype: ScalarType.Float64), Gaussian(50, 2, 2))).Message);
    }

    static double[][] Rows(Tensor t) =>
        Enumerable.Range(0, (int)t.shape[0]).Select(i => t[i].data<double>().ToArray()).ToArray();

    /// <summary>The papers' definitions as written, with every distance computed on its own.</summary>
    static ManifoldResult Direct(double[][] x, double[][] y, bool strictPrecisionRecall = false)
    {
        static double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Sum());
        static double[] Radii(double[][] set, int k) =>
            set.Select(p => set.Select(q => Distance(p, q)).Order().ElementAt(k)).ToArray();   // element 0 is p itself
        var rx3 = Radii(x, 3);
        var rx5 = Radii(x, 5);
        var ry3 = Radii(y, 3);
        bool Inside(double distance, double radius) => strictPrecisionRecall ? distance < radius : distance <= radius;
        double precision = y.Count(q => x.Select((p, i) => Inside(Distance(p, q), rx3[i])).Any(b => b)) / (double)y.Length;
        double recall = x.Count(p => y.Select((q, j) => Inside(Distance(p, q), ry3[j])).Any(b => b)) / (double)x.Length;
        double density = y.Sum(q => x.Where((p, i) => Distance(p, q) < rx5[i]).Count()) / (5.0 * y.Length);
        double coverage = x.Where((p, i) => y.Any(q => Distance(p, q) < rx5[i])).Count() / (double)x.Length;
        return new ManifoldResult(precision, recall, density, coverage);
    }
}
