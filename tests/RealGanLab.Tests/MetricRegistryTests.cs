using RealGanLab.Classifiers;
using RealGanLab.Metrics;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// The metric registry: each kind of data gets its own entries, once each, and every entry's declared better
/// direction agrees with what it computes on constructed good and bad sets with known values.
/// </summary>
[NoGarbageCollection]
public class MetricRegistryTests
{
    [Fact]
    public void EachKindOfDataHasItsEntriesOnceAndStackedMnistAddsItsModes()
    {
        string[] knn = ["precision", "recall", "density", "coverage"];
        Assert.Equal(["modes", "high_quality", "reverse_kl", .. knn], MetricRegistry.ForMixtures.Select(e => e.Key));
        Assert.Equal([.. knn, "mnist_score", "frechet_distance", "class_kl"], MetricRegistry.ForImages(1).Select(e => e.Key));
        Assert.Equal([.. knn, "mnist_score", "frechet_distance", "class_kl", "modes", "stacked_kl"], MetricRegistry.ForImages(3).Select(e => e.Key));
        Assert.Equal(["reconstruction_mse"], MetricRegistry.ForReconstructions.Select(e => e.Key));
        // The k-NN metrics read both the 2-D points and the classifier's features; every other entry one kind of data.
        foreach (var e in MetricRegistry.Entries)
            Assert.Equal(knn.Contains(e.Key) ? 2 : 1, new[] { e.OnMixture is not null, e.OnImages is not null, e.OnReconstructions is not null }.Count(x => x));
        Assert.Equal("Stacked MNIST modes covered (of 1,000)", MetricRegistry.Name("modes"));
        Assert.Equal("recall (k = 3)", MetricRegistry.Name("recall"));
        Assert.Equal("some key", MetricRegistry.Name("some_key"));
        Assert.Null(MetricRegistry.LowerIsBetter("some_key"));
        // summary.json's keys of the mixtures' final values are ModeCoverageResult's properties.
        Assert.Equal(true, MetricRegistry.LowerIsBetter("reverseKl"));
        Assert.Equal(false, MetricRegistry.LowerIsBetter("modesCaptured"));
    }

    [Fact]
    public void MixtureMetricsOfAPerfectAndACollapsedSetAreTheirKnownValuesInTheDeclaredDirection()
    {
        var ring = Composition.Mixtures.Ring(8, 2.0, 0.02);
        // 10 samples on every mode's centre: all modes, all high quality, reverse KL 0; all on one mode: 1 mode, ln 8.
        var perfect = ring.Means.SelectMany(m => Enumerable.Repeat(m, 10)).ToArray();
        var collapsed = Enumerable.Repeat(ring.Means[3], 80).ToArray();
        var good = Values(perfect, ring);
        var bad = Values(collapsed, ring);
        Assert.Equal(8, good["modes"]);
        Assert.Equal(1, bad["modes"]);
        Assert.Equal(1.0, good["high_quality"], 12);
        Assert.Equal(0.0, good["reverse_kl"], 12);
        Assert.Equal(Math.Log(8), bad["reverse_kl"], 12);
        foreach (var e in new[] { "modes", "reverse_kl" }.Select(Entry))
            Assert.True(Better(e, good[e.Key], bad[e.Key]), e.Key);
    }

    /// <summary>
    /// The k-NN metrics on the ring: a fresh sample of the mixture against a uniform spread over the square around it
    /// (few points near the modes: precision and density drop) and against a sample of one mode (recall and coverage
    /// drop to about 1/8).
    /// </summary>
    [Fact]
    public void MixtureKnnMetricsPointTheDeclaredWay()
    {
        using var scope = NewDisposeScope();
        var ring = Composition.Mixtures.Ring(8, 2.0, 0.02);
        double[][] Sample(int n, ulong seed) => Numerics.Vectors.ToRows(ring.Sample(n, new Generator(seed), float64, CPU));
        var reference = Sample(800, 1);
        var good = Values(Sample(800, 2), ring, reference);
        var spread = Numerics.Vectors.ToRows(rand([800, 2], dtype: float64, generator: new Generator(3)).mul(6).sub(3));
        var oneMode = Sample(6400, 4).Where(x => Math.Abs(x[0] - ring.Means[3][0]) + Math.Abs(x[1] - ring.Means[3][1]) < 0.5).Take(800).ToArray();
        var unsharp = Values(spread, ring, reference);
        var collapsed = Values(oneMode, ring, reference);
        Assert.All(new[] { "precision", "recall", "coverage" }, k => Assert.InRange(good[k], 0.85, 1.0));
        Assert.InRange(good["density"], 0.8, 1.2);
        Assert.InRange(collapsed["recall"], 0.08, 0.15);
        Assert.InRange(collapsed["coverage"], 0.08, 0.15);
        Assert.InRange(unsharp["precision"], 0.0, 0.1);
        foreach (var (key, bad) in new[] { ("precision", unsharp), ("density", unsharp), ("recall", collapsed), ("coverage", collapsed) })
            Assert.True(Better(Entry(key), good[key], bad[key]), key);
    }

    static MetricEntry Entry(string key) => MetricRegistry.ForMixtures.Single(e => e.Key == key);

    [Fact]
    public void ImageMetricsOfConstructedClassifierOutputsAreTheirKnownValuesInTheDeclaredDirection()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        using var train = FeatureStatistics.FromFeatures(randn(4000, 4, generator: generator, dtype: float64));
        // Confident predictions spread evenly over the 10 digits, features from the training distribution: score 10,
        // class KL 0, Fréchet distance near 0. All one digit, features shifted by 3 in each of 4 dimensions: score 1,
        // class KL ln 10, Fréchet distance ≈ 4·3² = 36.
        int n = 3000;
        var evenDigits = arange(n, dtype: int64) % LeNet.ClassCount;
        // The k-NN metrics' real points are features of the training distribution too: the even set scores near 1
        // (density near 1), the shifted one near 0.
        var reference = randn(n, 4, generator: generator, dtype: float64).DetachFromDisposeScope();
        var even = Classified(nn.functional.one_hot(evenDigits, LeNet.ClassCount).to(float32), randn(n, 4, generator: generator, dtype: float64), evenDigits, train, reference);
        var oneDigit = full(n, 7L, dtype: int64);
        var collapsed = Classified(nn.functional.one_hot(oneDigit, LeNet.ClassCount).to(float32), randn(n, 4, generator: generator, dtype: float64) + 3, oneDigit, train, reference);
        var good = MetricRegistry.ForImages(1).ToDictionary(e => e.Key, e => e.OnImages!(even));
        var bad = MetricRegistry.ForImages(1).ToDictionary(e => e.Key, e => e.OnImages!(collapsed));
        Assert.Equal(10.0, good["mnist_score"], 9);
        Assert.Equal(1.0, bad["mnist_score"], 9);
        Assert.Equal(0.0, good["class_kl"], 12);
        Assert.Equal(Math.Log(10), bad["class_kl"], 12);
        Assert.InRange(good["frechet_distance"], 0, 0.05);
        Assert.InRange(bad["frechet_distance"], 34, 38);
        Assert.All(new[] { "precision", "recall", "coverage" }, k => Assert.InRange(good[k], 0.85, 1.0));
        Assert.InRange(good["density"], 0.85, 1.15);
        Assert.All(new[] { "precision", "recall", "density", "coverage" }, k => Assert.InRange(bad[k], 0.0, 0.1));
        foreach (var e in MetricRegistry.ForImages(1)) Assert.True(Better(e, good[e.Key], bad[e.Key]), e.Key);
        even.Dispose();
        collapsed.Dispose();
        reference.Dispose();
    }

    /// <summary>
    /// Stacked MNIST: a three-channel image is one k-NN point of its channels' features side by side. The digit rows
    /// are image-major (image 0's three channels, then image 1's …); a reference holding each image's own triple is
    /// then the same set (all four at 1), and the same triples with their channels permuted is not.
    /// </summary>
    [Fact]
    public void StackedImagesAreOnePointOfTheirThreeChannelsFeatures()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        int n = 400;
        using var train = FeatureStatistics.FromFeatures(randn(1000, 4, generator: generator, dtype: float64));
        // Rows: image 0's channels 0, 1, 2, then image 1's …; channel c's features centred at 5c, so that a triple
        // in another channel order lies elsewhere.
        var digitFeatures = randn(n * 3, 4, generator: generator, dtype: float64).add((arange(n * 3, dtype: float64) % 3).mul(5).unsqueeze(1));
        var digits = arange(n * 3, dtype: int64) % LeNet.ClassCount;
        var probabilities = nn.functional.one_hot(digits, LeNet.ClassCount).to(float32);
        var own = digitFeatures.reshape(n, 12).DetachFromDisposeScope();
        var permuted = digitFeatures.reshape(n, 3, 4).index_select(1, tensor(new long[] { 2, 0, 1 })).reshape(n, 12).DetachFromDisposeScope();
        using (var same = new ClassifiedImages(probabilities.clone().DetachFromDisposeScope(), digitFeatures.clone().DetachFromDisposeScope(),
                   digits.clone().DetachFromDisposeScope(), n, 3, train, own))
            Assert.Equal(new ManifoldResult(1, 1, 1, 1), same.Manifold);
        using (var other = new ClassifiedImages(probabilities.clone().DetachFromDisposeScope(), digitFeatures.clone().DetachFromDisposeScope(),
                   digits.clone().DetachFromDisposeScope(), n, 3, train, permuted))
            Assert.Equal(new ManifoldResult(0, 0, 0, 0), other.Manifold);
        own.Dispose();
        permuted.Dispose();
    }

    static bool Better(MetricEntry e, double good, double bad) => e.LowerIsBetter ? good < bad : good > bad;

    static Dictionary<string, double> Values(double[][] samples, Data.GaussianMixture mixture, double[][]? reference = null)
    {
        // Without a reference the k-NN metrics compare the samples with themselves (the mode metrics do not read it).
        var input = new MixtureSamples(samples, mixture, ModeCoverage.Evaluate(samples, mixture), reference ?? samples);
        return MetricRegistry.ForMixtures.ToDictionary(e => e.Key, e => e.OnMixture!(input));
    }

    static ClassifiedImages Classified(Tensor probabilities, Tensor features, Tensor digits, FeatureStatistics train, Tensor reference) =>
        new(probabilities.DetachFromDisposeScope(), features.DetachFromDisposeScope(), digits.DetachFromDisposeScope(), digits.shape[0], 1, train, reference);
}
