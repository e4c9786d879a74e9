namespace RealGanLab.Metrics;

/// <summary>
/// One metric a run reports at every epoch: its key in metrics.jsonl and summary.json, a readable name for plots and
/// reports, whether lower values are better, the paper it follows, and how it is computed from the shared pass of
/// each kind of data it applies to — <see cref="OnMixture"/> (2-D samples with their mode assignment),
/// <see cref="OnImages"/> (images through the classifier; <see cref="StackedOnly"/> for Stacked MNIST's modes) and
/// <see cref="OnReconstructions"/> (the compression game's x and G(x)); the k-NN metrics have both of the first two. <see cref="SummaryKey"/> is the key of the final
/// value in summary.json where it differs (the mixtures' final values are <see cref="ModeCoverageResult"/>'s properties).
/// </summary>
public sealed record MetricEntry(
    string Key,
    string Name,
    bool LowerIsBetter,
    string Description,
    Func<MixtureSamples, double>? OnMixture = null,
    Func<ClassifiedImages, double>? OnImages = null,
    Func<Reconstructions, double>? OnReconstructions = null,
    bool StackedOnly = false,
    string? SummaryKey = null);
