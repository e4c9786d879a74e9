namespace RealGanLab.Metrics;

/// <summary>The image metrics' names for people (plot titles and axes), by their keys in metrics.jsonl.</summary>
public static class MetricNames
{
    static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [ImageEvaluator.MnistScoreKey] = "MNIST score",
        [ImageEvaluator.FrechetDistanceKey] = "Fréchet distance (classifier features)",
        [ImageEvaluator.ClassKlKey] = "class-histogram KL to uniform",
        [ImageEvaluator.ModesKey] = "Stacked MNIST modes covered (of 1,000)",
        [ImageEvaluator.StackedKlKey] = "Stacked MNIST mode KL to uniform",
        ["reconstruction_mse"] = "reconstruction MSE ‖G(x) − x‖²",
    };

    /// <summary>The readable name of <paramref name="key"/>; an unknown key with its underscores as spaces.</summary>
    public static string Readable(string key) => Names.GetValueOrDefault(key) ?? key.Replace('_', ' ');
}
