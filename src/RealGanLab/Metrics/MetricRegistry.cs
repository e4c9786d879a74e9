using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// Every metric, one entry each (docs/design.md §4): the epoch evaluations compute the entries of their kind of data
/// in this order, the image plots take their titles from <see cref="Name"/>, and the sweep report marks the better
/// direction. A new metric is a function of one shared pass — <see cref="MixtureSamples"/>,
/// <see cref="ClassifiedImages"/> or <see cref="Reconstructions"/> — and one line here.
/// </summary>
public static class MetricRegistry
{
    public static IReadOnlyList<MetricEntry> Entries { get; } =
    [
        new("modes", "modes captured", false, "Modes of the mixture with at least one high-quality sample (Srivastava et al. 2017; Lin et al. 2018, PacGAN).",
            OnMixture: s => s.Coverage.ModesCaptured, SummaryKey: "modesCaptured"),
        new("high_quality", "high-quality fraction", false, "Fraction of samples within 3 standard deviations of their nearest mode.",
            OnMixture: s => s.Coverage.HighQualityFraction, SummaryKey: "highQualityFraction"),
        new("reverse_kl", "reverse KL", true, "KL of the high-quality samples' mode histogram to uniform (PacGAN).",
            OnMixture: s => s.Coverage.ReverseKl, SummaryKey: "reverseKl"),
        new("precision", "precision (k = 3)", false, "Share of generated points inside the real k-NN manifold (Kynkäänniemi et al. 2019): sample quality.",
            OnMixture: s => s.Manifold.Precision, OnImages: c => c.Manifold.Precision),
        new("recall", "recall (k = 3)", false, "Share of real points inside the generated k-NN manifold (Kynkäänniemi et al. 2019): diversity.",
            OnMixture: s => s.Manifold.Recall, OnImages: c => c.Manifold.Recall),
        new("density", "density (k = 5)", false, "Real k-NN balls per generated point over k, 1 when distributed as the data (Naeem et al. 2020).",
            OnMixture: s => s.Manifold.Density, OnImages: c => c.Manifold.Density),
        new("coverage", "coverage (k = 5)", false, "Share of real k-NN balls holding a generated point (Naeem et al. 2020).",
            OnMixture: s => s.Manifold.Coverage, OnImages: c => c.Manifold.Coverage),
        new("reconstruction_mse", "reconstruction MSE ‖G(x) − x‖²", true, "Mean squared error of the compression game's reconstructions of test images.",
            OnReconstructions: r => r.Outputs.sub(r.Inputs).square().mean().to_type(float64).item<double>()),
        new(ImageEvaluator.MnistScoreKey, "MNIST score", false, "The Inception score (Salimans et al. 2016) with the project's MNIST classifier.",
            OnImages: c => MnistScore.FromProbabilities(c.Probabilities)),
        new(ImageEvaluator.FrechetDistanceKey, "Fréchet distance (classifier features)", true, "Fréchet distance (Heusel et al. 2017) of the classifier's features to the training set's.",
            OnImages: c => FrechetDistance.Compute(c.Statistics, c.TrainStatistics)),
        new(ImageEvaluator.ClassKlKey, "class-histogram KL to uniform", true, "KL of the predicted-digit histogram to uniform.",
            OnImages: c => ClassHistogram.KlToUniform(c.ClassCounts)),
        new(ImageEvaluator.ModesKey, "Stacked MNIST modes covered (of 1,000)", false, "Stacked MNIST modes with at least one sample (Metz et al. 2017).",
            OnImages: c => c.Stacked!.ModesCovered, StackedOnly: true),
        new(ImageEvaluator.StackedKlKey, "Stacked MNIST mode KL to uniform", true, "KL of the 1,000-mode histogram to uniform (Metz et al. 2017).",
            OnImages: c => c.Stacked!.Kl, StackedOnly: true),
    ];

    /// <summary>The 2-D mixtures' metrics.</summary>
    public static IEnumerable<MetricEntry> ForMixtures => Entries.Where(e => e.OnMixture is not null);

    /// <summary>The image metrics for images of <paramref name="channels"/> channels (3: Stacked MNIST).</summary>
    public static IEnumerable<MetricEntry> ForImages(int channels) =>
        Entries.Where(e => e.OnImages is not null && (!e.StackedOnly || channels == StackedModes.Channels));

    /// <summary>The compression game's reconstruction metrics.</summary>
    public static IEnumerable<MetricEntry> ForReconstructions => Entries.Where(e => e.OnReconstructions is not null);

    /// <summary>
    /// The readable name of an image or reconstruction metric's key, for plot titles and axes ("modes" is Stacked
    /// MNIST's there); any other key with its underscores as spaces.
    /// </summary>
    public static string Name(string key) =>
        Entries.LastOrDefault(e => e.Key == key && (e.OnImages is not null || e.OnReconstructions is not null))?.Name ?? key.Replace('_', ' ');

    /// <summary>
    /// Whether lower values of <paramref name="key"/> (a metrics.jsonl or summary.json key) are better; null for a key no
    /// entry declares, or one whose entries disagree.
    /// </summary>
    public static bool? LowerIsBetter(string key) =>
        Entries.Where(e => e.Key == key || e.SummaryKey == key).Select(e => e.LowerIsBetter).Distinct().ToList() is [var only] ? only : null;
}
