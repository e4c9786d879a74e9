using RealGanLab.Estimators;
using RealGanLab.Configuration;

namespace RealGanLab.Composition;

/// <summary>The ‖v‖² estimators by name.</summary>
public static class FieldNormEstimators
{
    static readonly Registry<Func<IFieldNormEstimator>> Registry = new("estimator", new Dictionary<string, Func<IFieldNormEstimator>>
    {
        ["batch"] = () => new BatchMeanEstimator(),
        ["per_sample"] = () => new PerSampleEstimator(),
        ["split"] = () => new SplitBatchEstimator(),
        ["ustat"] = () => new UStatisticEstimator(),
    });

    public static IReadOnlyList<string> Names => Registry.Names;

    public static IFieldNormEstimator Create(string name) => Registry[name]();

    /// <summary>The estimator a rule config uses (a rule that needs one: consensus), or null for rules without one or an unknown name.</summary>
    public static IFieldNormEstimator? ForRule(RuleConfig rule) =>
        UpdateRules.Needs(rule.Name, Rules.RuleNeeds.FieldNormEstimator) && rule.Options<Rules.ConsensusOptions>().Estimator is var name && Names.Contains(name)
            ? Create(name) : null;
}
