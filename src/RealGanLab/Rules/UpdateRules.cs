using RealGanLab.Configuration;
using RealGanLab.Estimators;

namespace RealGanLab.Rules;

/// <summary>The update rules by name.</summary>
public static class UpdateRules
{
    static readonly Registry<Func<RuleConfig, IUpdateRule>> Registry = new("rule", new Dictionary<string, Func<RuleConfig, IUpdateRule>>
    {
        ["simgd"] = _ => new SimultaneousGradientDescent(),
        ["altgd"] = c => new AlternatingGradientDescent(c.NDis),
        ["consensus"] = c => new ConsensusOptimization(c.Gamma, FieldNormEstimators.Create(c.Estimator)),
        ["extragradient"] = _ => new Extragradient(),
        ["optimistic"] = _ => new OptimisticGradientDescent(),
        ["sga"] = c => new SymplecticGradientAdjustment(c.Lambda, c.Align),
    });

    public static IReadOnlyList<string> Names => Registry.Names;

    public static IUpdateRule Create(RuleConfig config) => Registry[config.Name](config);
}
