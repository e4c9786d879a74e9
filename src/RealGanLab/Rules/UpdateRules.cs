using RealGanLab.Configuration;
using RealGanLab.Estimators;

namespace RealGanLab.Rules;

/// <summary>The update rules by name.</summary>
public static class UpdateRules
{
    static readonly Dictionary<string, Func<RuleConfig, IUpdateRule>> Factories = new()
    {
        ["simgd"] = _ => new SimultaneousGradientDescent(),
        ["altgd"] = c => new AlternatingGradientDescent(c.NDis),
        ["consensus"] = c => new ConsensusOptimization(c.Gamma, FieldNormEstimators.Create(c.Estimator)),
        ["extragradient"] = _ => new Extragradient(),
        ["optimistic"] = _ => new OptimisticGradientDescent(),
        ["sga"] = c => new SymplecticGradientAdjustment(c.Lambda, c.Align),
    };

    public static IReadOnlyList<string> Names { get; } = Factories.Keys.ToList();

    public static IUpdateRule Create(RuleConfig config) =>
        Factories.TryGetValue(config.Name, out var create) ? create(config) : throw new ArgumentException($"unknown rule '{config.Name}'");
}
