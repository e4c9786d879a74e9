using RealGanLab.Configuration;
using RealGanLab.Regularizers;

namespace RealGanLab.Composition;

/// <summary>
/// One regularizer as configuration knows it: the key of its weight under "regularizers" (0 = off), a one-line
/// description with its paper, what it needs from the game, how to build it from the section, and the keys of its
/// further options. A regularizer is a penalty added to a player's loss (<see cref="Term"/>) or a transform of D's
/// inputs (<see cref="Transform"/>); exactly one of the two is set.
/// </summary>
public sealed record RegularizerEntry(
    string Key,
    string Description,
    RegularizerNeeds Needs,
    Func<RegularizerConfig, IRegularizer>? Term = null,
    Func<RegularizerConfig, IInputTransform>? Transform = null,
    IReadOnlyList<RegistryKey>? Options = null)
{
    /// <summary>The weight's key and then the further options' keys, as the schema and `config --keys` list them.</summary>
    public IEnumerable<RegistryKey> Keys =>
        new[] { new RegistryKey(Key, typeof(double), Description) }.Concat(Options ?? []);

    /// <summary>The overrides that switch it on in the smoke matrices: the weight at 0.5.</summary>
    public string[] SmokeOverrides => [$"regularizers:{Key}=0.5"];
}
