using RealGanLab.Configuration;
using RealGanLab.Rules;

namespace RealGanLab.Composition;

/// <summary>
/// Every update rule, one entry each: rule:name's valid names, the capability checks against the game, the smoke
/// matrices' rule variants, `train --help` and the rule section's keys (<see cref="OptionKeys"/>) all come from this list.
/// A rule's options are a record declared next to it (<see cref="ConsensusOptions"/>, …), whose properties are keys of
/// the rule section: rule:gamma, rule:estimator.
/// </summary>
public static class UpdateRules
{
    public static IReadOnlyList<RuleEntry> Entries { get; } =
    [
        RuleEntry.Plain("simgd", "Simultaneous gradient descent: both players step along v at once.", RuleNeeds.None,
            () => new SimultaneousGradientDescent(), [["rule:name=simgd"]]),
        RuleEntry.With<AlternatingOptions>("altgd", "Alternating gradient descent: n_dis D steps, then G against the updated D (or G first).", RuleNeeds.None,
            (o, _) => new AlternatingGradientDescent(o), [["rule:name=altgd", "rule:nDis=2"]]),
        RuleEntry.With<ConsensusOptions>("consensus", "Consensus optimization (Mescheder et al. 2017): follows v - gamma * grad(||v||^2/2), ||v||^2 by a named estimator.",
            RuleNeeds.FieldNormEstimator,
            (o, _) => new ConsensusOptimization(o.Gamma, FieldNormEstimators.Create(o.Estimator)),
            [.. FieldNormEstimators.Names.Select(e => new[] { "rule:name=consensus", $"rule:estimator={e}" })]),
        RuleEntry.Plain("extragradient", "Extragradient (Korpelevich 1976; Gidel et al. 2019): steps with v at the look-ahead point x + h v(x).", RuleNeeds.None,
            () => new Extragradient(), [["rule:name=extragradient"]]),
        RuleEntry.Plain("optimistic", "Optimistic gradient descent (Daskalakis et al. 2018): steps along 2 v(x_t) - v(x_{t-1}).", RuleNeeds.None,
            () => new OptimisticGradientDescent(), [["rule:name=optimistic"]]),
        RuleEntry.With<UnrolledOptions>("unrolled", "Unrolled GAN (Metz et al. 2017): G descends through K unrolled steps of D's optimizer.",
            RuleNeeds.UnrollableDiscriminator,
            (o, optimizer) => new UnrolledGan(o.UnrollSteps, o.UnrollOptimizer,
                o.UnrollOptimizer == "sgd" ? o.UnrollLr ?? optimizer?.LrD ?? optimizer?.Lr ?? throw new ArgumentException("unrolled: set rule:unrollLr or pass the optimizer config") : null,
                o.Surrogate),
            [["rule:name=unrolled", "rule:unrollSteps=2"]]),
        RuleEntry.With<SgaOptions>("sga", "Symplectic gradient adjustment (Balduzzi et al. 2018): v + (lambda/2)(Jv - J^T v), lambda's sign by alignment.", RuleNeeds.None,
            (o, _) => new SymplecticGradientAdjustment(o.Lambda, o.Align), [["rule:name=sga"], ["rule:name=sga", "rule:align=false"]]),
    ];

    static readonly Registry<RuleEntry> Registry = new("rule", Entries.ToDictionary(e => e.Name));

    public static IReadOnlyList<string> Names => Registry.Names;

    /// <summary>
    /// The rule section's keys after rule:name: every rule's options, in registry order. The section is flat (a sweep sets
    /// rule:gamma whatever rule:name is), so two rules may share a key only with the same type.
    /// </summary>
    public static IReadOnlyList<SchemaMember> OptionKeys { get; } = CollectOptionKeys();

    static List<SchemaMember> CollectOptionKeys()
    {
        var keys = new List<SchemaMember>();
        foreach (var key in Entries.SelectMany(e => e.Keys))
        {
            var same = keys.FirstOrDefault(k => string.Equals(k.Key, key.Key, StringComparison.OrdinalIgnoreCase));
            if (same is null) keys.Add(key);
            else if (same.Type != key.Type)
                throw new InvalidOperationException($"rule:{key.Key} is declared by two rules with different types ({same.Type.Name}, {key.Type.Name}).");
        }
        return keys;
    }

    /// <summary>The entry of a rule name; null for an unknown one.</summary>
    public static RuleEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>True when the rule named <paramref name="name"/> needs <paramref name="needs"/>.</summary>
    public static bool Needs(string name, RuleNeeds needs) => Find(name)?.Needs.HasFlag(needs) ?? false;

    /// <summary>The rule; <paramref name="optimizer"/> supplies defaults that depend on the learning rates (unrolled).</summary>
    public static IUpdateRule Create(RuleConfig config, OptimizerConfig? optimizer = null) => Registry[config.Name].Create(config, optimizer);
}
