using RealGanLab.Metrics;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// The MNIST metrics on inputs with known answers: Fréchet distances of Gaussians (sampled and closed form),
/// the class-histogram KL, the MNIST score and Stacked MNIST's modes — no classifier or data needed.
/// </summary>
[NoGarbageCollection]
public class MnistMetricTests
{
    /// <summary>n samples of N(mean, L Lᵀ) in d dimensions, float64.</summary>
    static Tensor Gaussian(Generator generator, long n, Tensor mean, Tensor cholesky) =>
        randn([n, mean.shape[0]], dtype: float64, generator: generator).matmul(cholesky.t()) + mean;

    static (Tensor Mean, Tensor Cholesky) RandomGaussian(int d, ulong seed)
    {
        var g = new Generator(seed);
        var a = randn([d, d], dtype: float64, generator: g);
        var covariance = a.matmul(a.t()) / d + eye(d, dtype: float64) * 0.5;
        return (randn([d], dtype: float64, generator: g), linalg.cholesky(covariance));
    }

    [Fact]
    public void FrechetDistanceOfTwoSamplesOfOneGaussianIsSmallButPositive()
    {
        using var scope = NewDisposeScope();
        var (mean, cholesky) = RandomGaussian(8, 11);
        var g = new Generator(12);
        using var first = FeatureStatistics.FromFeatures(Gaussian(g, 20_000, mean, cholesky));
        using var second = FeatureStatistics.FromFeatures(Gaussian(g, 20_000, mean, cholesky));
        var fd = FrechetDistance.Compute(first, second);
        // Sampling noise alone: of order d²/n (≈ 0.003 here), never exactly 0 for independent samples.
        Assert.InRange(fd, 1e-5, 0.02);
        Assert.Equal(0.0, FrechetDistance.Compute(first, first), 1e-9);
    }

    [Fact]
    public void FrechetDistanceOfAShiftedGaussianIsTheSquaredShift()
    {
        using var scope = NewDisposeScope();
        var (mean, cholesky) = RandomGaussian(8, 21);
        var shift = full(8, 0.5, dtype: float64); // ‖Δμ‖² = 8 · 0.25 = 2
        var g = new Generator(22);
        using var first = FeatureStatistics.FromFeatures(Gaussian(g, 20_000, mean, cholesky));
        using var second = FeatureStatistics.FromFeatures(Gaussian(g, 20_000, mean + shift, cholesky));
        Assert.InRange(FrechetDistance.Compute(first, second), 1.9, 2.1);
    }

    [Fact]
    public void FrechetDistanceOfDiagonalGaussiansIsTheClosedForm()
    {
        using var scope = NewDisposeScope();
        double[] a = [1, 4, 0.25, 9, 2], b = [4, 1, 1, 0.01, 2];
        double[] m1 = [0, 1, 2, 3, 4], m2 = [1, 1, 0, 3, 4.5];
        double expected = a.Zip(b, (x, y) => Math.Pow(Math.Sqrt(x) - Math.Sqrt(y), 2)).Sum()
                        + m1.Zip(m2, (x, y) => (x - y) * (x - y)).Sum();
        using var first = FeatureStatistics.FromMoments(tensor(m1), diag(tensor(a)));
        using var second = FeatureStatistics.FromMoments(tensor(m2), diag(tensor(b)));
        Assert.Equal(expected, FrechetDistance.Compute(first, second), 1e-9);
        Assert.Equal(expected, FrechetDistance.Compute(second, first), 1e-9);
    }

    [Fact]
    public void FrechetDistanceOfRotatedCovariancesMatchesTheDiagonalForm()
    {
        // Σ₁ = Q A Qᵀ, Σ₂ = Q B Qᵀ share eigenvectors: the distance is that of the diagonal case, although
        // neither matrix is diagonal.
        using var scope = NewDisposeScope();
        var q = linalg.qr(randn([5, 5], dtype: float64, generator: new Generator(3))).Q;
        double[] a = [1, 4, 0.25, 9, 2], b = [4, 1, 1, 0.01, 2];
        var mean = zeros(5, dtype: float64);
        using var first = FeatureStatistics.FromMoments(mean, q.matmul(diag(tensor(a))).matmul(q.t()));
        using var second = FeatureStatistics.FromMoments(mean, q.matmul(diag(tensor(b))).matmul(q.t()));
        double expected = a.Zip(b, (x, y) => Math.Pow(Math.Sqrt(x) - Math.Sqrt(y), 2)).Sum();
        Assert.Equal(expected, FrechetDistance.Compute(first, second), 1e-8);
    }

    [Fact]
    public void ClassKlIsZeroForEvenlySpreadLabelsAndLnTenForOneDigit()
    {
        using var scope = NewDisposeScope();
        var spread = ClassHistogram.Counts(arange(10_000) % 10, 10);
        Assert.All(spread, c => Assert.Equal(1000, c));
        Assert.Equal(0.0, ClassHistogram.KlToUniform(spread), 1e-12);
        var one = ClassHistogram.Counts(full(5000, 7L), 10);
        Assert.Equal(5000, one[7]);
        Assert.Equal(Math.Log(10), ClassHistogram.KlToUniform(one), 1e-12);
        Assert.Throws<ArgumentException>(() => ClassHistogram.Counts(tensor(new long[] { 3, 10 }), 10));
    }

    [Fact]
    public void MnistScoreIsTenForConfidentEvenPredictionsAndOneForIdenticalOnes()
    {
        using var scope = NewDisposeScope();
        var confident = nn.functional.one_hot(arange(1000) % 10, 10).to(float32);
        Assert.Equal(10.0, MnistScore.FromProbabilities(confident), 1e-9);
        var same = softmax(tensor(new float[] { 3, 1, 0, 0, 2, 0, 0, 0, 0, -1 }), 0).expand(500, 10);
        Assert.Equal(1.0, MnistScore.FromProbabilities(same), 1e-6);
        var unsure = full(400, 10, 0.1, dtype: float64);
        Assert.Equal(1.0, MnistScore.FromProbabilities(unsure), 1e-12);
        // Half the images sure of "3", half of "8": two classes, score 2.
        var two = nn.functional.one_hot(tensor(new long[] { 3, 8 }).repeat(100), 10).to(float64);
        Assert.Equal(2.0, MnistScore.FromProbabilities(two), 1e-9);
    }

    [Fact]
    public void StackedModesCountAllThousandOrCollapseToOne()
    {
        using var scope = NewDisposeScope();
        var modes = arange(1000);
        var all = stack([modes / 100, modes / 10 % 10, modes % 10], 1);
        var covered = StackedModes.Evaluate(all);
        Assert.Equal(1000, covered.ModesCovered);
        Assert.Equal(0.0, covered.Kl, 1e-12);
        Assert.All(covered.Counts, c => Assert.Equal(1, c));

        var collapsed = StackedModes.Evaluate(tensor(new long[] { 3, 1, 4 }).expand(2600, 3));
        Assert.Equal(1, collapsed.ModesCovered);
        Assert.Equal(Math.Log(1000), collapsed.Kl, 1e-12);
        Assert.Equal(2600, collapsed.Counts[314]);
    }
}
