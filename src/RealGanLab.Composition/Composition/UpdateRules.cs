using RealGanLab.Configuration;
using RealGanLab.Rules;

namespace RealGanLab.Composition;

/// <summary>
/// Every update rule, one entry each: rule:name's valid names, the capability checks against the game, the smoke
/// matrices' rule variants and `train --help` all come from this list. A rule's options are keys of the rule section
/// (<see cref="RuleConfig"/>).
/// </summary>
public static class UpdateRules
{
    public static IReadOnlyList<RuleEntry> Entries { get; } =
    [
        new("simgd", "Simultaneous gradient descent: both players step along v at once.", RuleNeeds.None,
            (_, _) => new SimultaneousGradientDescent(), [["rule:name=simgd"]]),
        new("altgd", "Alternating gradient descent: n_dis D steps, then G against the updated D (or G first).", RuleNeeds.None,
            (c, _) => new AlternatingGradientDescent(c.NDis, generatorFirst: c.Order == "g-first"), [["rule:name=altgd", "rule:nDis=2"]]),
        new("consensus", "Consensus optimization (Mescheder et al. 2017): follows v - gamma * grad(||v||^2/2), ||v||^2 by a named estimator.",
            RuleNeeds.FieldNormEstimator,
            (c, _) => new ConsensusOptimization(c.Gamma, FieldNormEstimators.Create(c.Estimator)),
            [.. FieldNormEstimators.Names.Select(e => new[] { "rule:name=consensus", $"rule:estimator={e}" })]),
        new("extragradient", "Extragradient (Korpelevich 1976; Gidel et al. 2019): steps with v at the look-ahead point x + h v(x).", RuleNeeds.None,
            (_, _) => new Extragradient(), [["rule:name=extragradient"]]),
        new("optimistic", "Optimistic gradient descent (Daskalakis et al. 2018): steps along 2 v(x_t) - v(x_{t-1}).", RuleNeeds.None,
            (_, _) => new OptimisticGradientDescent(), [["rule:name=optimistic"]]),
        new("unrolled", "Unrolled GAN (Metz et al. 2017): G descends through K unrolled steps of D's optimizer.",
            RuleNeeds.UnrollableDiscriminator,
            (c, o) => new UnrolledGan(c.UnrollSteps, c.UnrollOptimizer,
                c.UnrollOptimizer == "sgd" ? c.UnrollLr ?? o?.LrD ?? o?.Lr ?? throw new ArgumentException("unrolled: set rule:unrollLr or pass the optimizer config") : null,
                c.Surrogate),
            [["rule:name=unrolled", "rule:unrollSteps=2"]]),
        new("sga", "Symplectic gradient adjustment (Balduzzi et al. 2018): v + (lambda/2)(Jv - J^T v), lambda's sign by alignment.", RuleNeeds.None,
            (c, _) => new SymplecticGradientAdjustment(c.Lambda, c.Align), [["rule:name=sga"], ["rule:name=sga", "rule:align=false"]]),
    ];

    static readonly Registry<RuleEntry> Registry = new("rule", Entries.ToDictionary(e => e.Name));

    public static IReadOnlyList<string> Names => Registry.Names;

    /// <summary>The entry of a rule name; null for an unknown one.</summary>
    public static RuleEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>True when the rule named <paramref name="name"/> needs <paramref name="needs"/>.</summary>
    public static bool Needs(string name, RuleNeeds needs) => Find(name)?.Needs.HasFlag(needs) ?? false;

    /// <summary>The rule; <paramref name="optimizer"/> supplies defaults that depend on the learning rates (unrolled).</summary>
    public static IUpdateRule Create(RuleConfig config, OptimizerConfig? optimizer = null) => Registry[config.Name].Create(config, optimizer);
}
