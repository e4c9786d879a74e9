namespace RealGanLab.Sweeps;

/// <summary>
/// A named axis of a sweep. A key axis sweeps one config key ("rule:gamma": [0.1, 1, 10]); a variant axis names
/// sets of overrides ("stabilizer": { "r1": { "regularizers:r1": 1 }, ... }). The seed is an axis like any other.
/// </summary>
public sealed record SweepAxis(string Name, string? Key, IReadOnlyList<SweepAxisValue> Values)
{
    public bool IsSeed => Key == "seed";
}
