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
        Assert.Equal(["modes", "high_quality", "reverse_kl"], MetricRegistry.ForMixtures.Select(e => e.Key));
        Assert.Equal(["mnist_score", "frechet_distance", "class_kl"], MetricRegistry.ForImages(1).Select(e => e.Key));
        Assert.Equal(["mnist_score", "frechet_distance", "class_kl", "modes", "stacked_kl"], MetricRegistry.ForImages(3).Select(e => e.Key));
        Assert.Equal(["reconstruction_mse"], MetricRegistry.ForReconstructions.Select(e => e.Key));
        foreach (var e in MetricRegistry.Entries)
            Assert.Equal(1, new[] { e.OnMixture is not null, e.OnImages is not null, e.OnReconstructions is not null }.Count(x => x));
        Assert.Equal("Stacked MNIST modes covered (of 1,000)", MetricRegistry.Name("modes"));
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
        foreach (var e in MetricRegistry.ForMixtures.Where(e => e.Key != "high_quality"))
            Assert.True(Better(e, good[e.Key], bad[e.Key]), e.Key);
    }

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
        var even = Classified(nn.functional.one_hot(evenDigits, LeNet.ClassCount).to(float32), randn(n, 4, generator: generator, dtype: float64), evenDigits, train);
        var oneDigit = full(n, 7L, dtype: int64);
        var collapsed = Classified(nn.functional.one_hot(oneDigit, LeNet.ClassCount).to(float32), randn(n, 4, generator: generator, dtype: float64) + 3, oneDigit, train);
        var good = MetricRegistry.ForImages(1).ToDictionary(e => e.Key, e => e.OnImages!(even));
        var bad = MetricRegistry.ForImages(1).ToDictionary(e => e.Key, e => e.OnImages!(collapsed));
        Assert.Equal(10.0, good["mnist_score"], 9);
        Assert.Equal(1.0, bad["mnist_score"], 9);
        Assert.Equal(0.0, good["class_kl"], 12);
        Assert.Equal(Math.Log(10), bad["class_kl"], 12);
        Assert.InRange(good["frechet_distance"], 0, 0.05);
        Assert.InRange(bad["frechet_distance"], 34, 38);
        foreach (var e in MetricRegistry.ForImages(1)) Assert.True(Better(e, good[e.Key], bad[e.Key]), e.Key);
        even.Dispose();
        collapsed.Dispose();
    }

    static bool Better(MetricEntry e, double good, double bad) => e.LowerIsBetter ? good < bad : good > bad;

    static Dictionary<string, double> Values(double[][] samples, Data.GaussianMixture mixture)
    {
        var input = new MixtureSamples(samples, mixture, ModeCoverage.Evaluate(samples, mixture));
        return MetricRegistry.ForMixtures.ToDictionary(e => e.Key, e => e.OnMixture!(input));
    }

    static ClassifiedImages Classified(Tensor probabilities, Tensor features, Tensor digits, FeatureStatistics train) =>
        new(probabilities.DetachFromDisposeScope(), features.DetachFromDisposeScope(), digits.DetachFromDisposeScope(), digits.shape[0], 1, train);
}
