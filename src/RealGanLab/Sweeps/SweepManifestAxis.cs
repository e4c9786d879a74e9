namespace RealGanLab.Sweeps;

/// <summary>One axis of a sweep's cross-product in sweep.json: a config setting and the values it takes, in order.</summary>
public sealed record SweepManifestAxis
{
    /// <summary>The axis name ("stabilizer", "seed", ...); "seed" is the axis a report aggregates over.</summary>
    public required string Name { get; init; }

    public required IReadOnlyList<string> Values { get; init; }
}
