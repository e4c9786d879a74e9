using RealGanLab.Classifiers;
using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// One set of images as the project's classifier sees them — the shared pass every image metric reads
/// (<see cref="MetricEntry.OnImages"/>): softmax probabilities [m, 10], penultimate features [m, 128] and arg-max
/// digits [m] on the CPU, m = images × channels (a Stacked MNIST image is three digit images, image-major), with the
/// training set's feature statistics and real training images' features [n, channels × 128] (n ≤ 10,000) to compare
/// against. Derived quantities are computed once, on first use. Owns the three tensors (not the training statistics
/// nor the reference).
/// </summary>
public sealed class ClassifiedImages(Tensor probabilities, Tensor features, Tensor digits, long count, int channels, FeatureStatistics trainStatistics,
    Tensor reference) : IDisposable
{
    FeatureStatistics? statistics;
    ManifoldResult? manifold;
    int[]? classCounts;
    StackedModesResult? stacked;

    public Tensor Probabilities { get; } = probabilities;

    public Tensor Features { get; } = features;

    public Tensor Digits { get; } = digits;

    /// <summary>Images (not digit images): for Stacked MNIST a third of the rows.</summary>
    public long Count { get; } = count;

    public int Channels { get; } = channels;

    /// <summary>Feature statistics of the real training images (owned by the evaluator).</summary>
    public FeatureStatistics TrainStatistics { get; } = trainStatistics;

    /// <summary>
    /// Features of real training images, one row per image (a Stacked MNIST image's three digits' features side by side),
    /// as many as the images compared with them (<see cref="Manifold"/>).
    /// </summary>
    public Tensor Reference { get; } = reference;

    /// <summary>
    /// Precision, recall, density and coverage of the first <see cref="Reference"/>.shape[0] images (all of them up to
    /// 10,000) against the real features, each image one point of its channels' features side by side.
    /// </summary>
    public ManifoldResult Manifold
    {
        get
        {
            if (manifold is null)
            {
                using var scope = NewDisposeScope();
                var perImage = Features.reshape(Count, Channels * Features.shape[1]).narrow(0, 0, Math.Min(Count, Reference.shape[0]));
                manifold = ManifoldMetrics.Evaluate(Reference, perImage);
            }
            return manifold;
        }
    }

    /// <summary>Mean and covariance of these images' features.</summary>
    public FeatureStatistics Statistics => statistics ??= FeatureStatistics.FromFeatures(Features);

    /// <summary>How often each digit is predicted, over all channels.</summary>
    public int[] ClassCounts => classCounts ??= ClassHistogram.Counts(Digits, LeNet.ClassCount);

    /// <summary>Stacked MNIST's 1,000 modes; null for single-channel images.</summary>
    public StackedModesResult? Stacked
    {
        get
        {
            if (stacked is null && Channels == StackedModes.Channels)
            {
                using var perImage = Digits.reshape(Count, Channels);
                stacked = StackedModes.Evaluate(perImage);
            }
            return stacked;
        }
    }

    public void Dispose()
    {
        statistics?.Dispose();
        Probabilities.Dispose();
        Features.Dispose();
        Digits.Dispose();
    }
}
