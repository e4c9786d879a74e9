namespace RealGanLab.Estimators;

/// <summary>The ‖v‖² estimators by name.</summary>
public static class FieldNormEstimators
{
    static readonly Dictionary<string, Func<IFieldNormEstimator>> Factories = new()
    {
        ["batch"] = () => new BatchMeanEstimator(),
        ["per_sample"] = () => new PerSampleEstimator(),
        ["split"] = () => new SplitBatchEstimator(),
        ["ustat"] = () => new UStatisticEstimator(),
    };

    public static IReadOnlyList<string> Names { get; } = Factories.Keys.ToList();

    public static IFieldNormEstimator Create(string name) =>
        Factories.TryGetValue(name, out var create) ? create() : throw new ArgumentException($"unknown estimator '{name}'");
}
