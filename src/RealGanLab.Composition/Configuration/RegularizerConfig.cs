namespace RealGanLab.Configuration;

/// <summary>
/// The "regularizers" section: one value per key of <see cref="RegularizerRegistry.Keys"/>, 0 (off) unless set. A
/// dictionary so that a regularizer's keys are declared with its registry line, not here; every key is present, in
/// registry order, so that a saved config lists them all and two configs compare key by key.
/// </summary>
public sealed class RegularizerConfig : Dictionary<string, double>
{
    public RegularizerConfig() : base(StringComparer.OrdinalIgnoreCase)
    {
        foreach (var key in RegularizerRegistry.Keys) Add(key.Name, 0.0);
    }
}
