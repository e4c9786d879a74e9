using RealGanLab.Configuration;
using RealGanLab.Rules;

namespace RealGanLab.Composition;

/// <summary>
/// One update rule as configuration knows it: its name (rule:name), a one-line description with its paper, what it
/// needs from the game, the type of its options record (declared next to the rule in the core; null for a rule
/// without options), how to build it from the rule section (with the optimizer's section for defaults that depend on
/// the learning rates), and the overrides of its smoke-test variants: one per code path its options switch between.
/// </summary>
public sealed record RuleEntry(
    string Name,
    string Description,
    RuleNeeds Needs,
    Type? OptionsType,
    Func<RuleConfig, OptimizerConfig?, IUpdateRule> Create,
    IReadOnlyList<string[]> SmokeVariants)
{
    /// <summary>A rule with an options record: its keys are the record's properties, read from the rule section when the rule is built.</summary>
    public static RuleEntry With<TOptions>(string name, string description, RuleNeeds needs,
        Func<TOptions, OptimizerConfig?, IUpdateRule> create, IReadOnlyList<string[]> smokeVariants) where TOptions : new() =>
        new(name, description, needs, typeof(TOptions), (c, o) => create(c.Options<TOptions>(), o), smokeVariants);

    /// <summary>A rule without options.</summary>
    public static RuleEntry Plain(string name, string description, RuleNeeds needs, Func<IUpdateRule> create, IReadOnlyList<string[]> smokeVariants) =>
        new(name, description, needs, null, (_, _) => create(), smokeVariants);

    /// <summary>The rule section's keys this rule declares, described as `config --keys` lists them ("consensus: weight gamma …").</summary>
    public IReadOnlyList<SchemaMember> Keys => OptionsType is null ? [] :
        [.. SchemaMember.Of(OptionsType).Select(m => m with { Description = $"{Name}: {m.Description}" })];
}
