using RealGanLab.Rules;
using RealGanLab.Configuration;
using RealGanLab.Estimators;

namespace RealGanLab.Composition;

/// <summary>The update rules by name.</summary>
public static class UpdateRules
{
    static readonly Registry<Func<RuleConfig, OptimizerConfig?, IUpdateRule>> Registry = new("rule", new Dictionary<string, Func<RuleConfig, OptimizerConfig?, IUpdateRule>>
    {
        ["simgd"] = (_, _) => new SimultaneousGradientDescent(),
        ["altgd"] = (c, _) => new AlternatingGradientDescent(c.NDis, generatorFirst: c.Order == "g-first"),
        ["consensus"] = (c, _) => new ConsensusOptimization(c.Gamma, FieldNormEstimators.Create(c.Estimator)),
        ["extragradient"] = (_, _) => new Extragradient(),
        ["optimistic"] = (_, _) => new OptimisticGradientDescent(),
        ["unrolled"] = (c, o) => new UnrolledGan(c.UnrollSteps, c.UnrollOptimizer,
            c.UnrollOptimizer == "sgd" ? c.UnrollLr ?? o?.LrD ?? o?.Lr ?? throw new ArgumentException("unrolled: set rule:unrollLr or pass the optimizer config") : null,
            c.Surrogate),
        ["sga"] = (c, _) => new SymplecticGradientAdjustment(c.Lambda, c.Align),
    });

    public static IReadOnlyList<string> Names => Registry.Names;

    /// <summary>The rule; <paramref name="optimizer"/> supplies defaults that depend on the learning rates (unrolled).</summary>
    public static IUpdateRule Create(RuleConfig config, OptimizerConfig? optimizer = null) => Registry[config.Name](config, optimizer);
}
