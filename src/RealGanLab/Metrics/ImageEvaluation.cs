namespace RealGanLab.Metrics;

/// <summary>
/// The result of <see cref="ImageEvaluator"/>: the metrics by key, the histogram of predicted digits (over all
/// channels), and for Stacked MNIST the histogram of the 1,000 modes (null for single-channel images).
/// </summary>
public sealed record ImageEvaluation(IReadOnlyDictionary<string, double> Metrics, int[] ClassCounts, int[]? ModeCounts);
