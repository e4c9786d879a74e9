using RealGanLab.Configuration;
using RealGanLab.Rules;

namespace RealGanLab.Composition;

/// <summary>
/// One update rule as configuration knows it: its name (rule:name), a one-line description with its paper, what it
/// needs from the game, how to build it from the rule section (with the optimizer's section for defaults that depend on
/// the learning rates), and the overrides of its smoke-test variants: one per code path its options switch between.
/// </summary>
public sealed record RuleEntry(
    string Name,
    string Description,
    RuleNeeds Needs,
    Func<RuleConfig, OptimizerConfig?, IUpdateRule> Create,
    IReadOnlyList<string[]> SmokeVariants);
