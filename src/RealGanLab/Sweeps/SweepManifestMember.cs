using System.Text.Json.Nodes;

namespace RealGanLab.Sweeps;

/// <summary>
/// One member of a sweep in sweep.json: its run directory name (SWEEP_DIR/&lt;name&gt;), its value on each axis, its
/// group (the settings without the seed axis, "base" when there are none), the config overrides it was run with
/// and the fully resolved experiment config.
/// </summary>
public sealed record SweepManifestMember
{
    public required string Name { get; init; }

    /// <summary>Axis name → value, every axis of the sweep (the seed axis included).</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    /// <summary>The settings without the seed axis, e.g. "stabilizer=r1"; members of one group differ only in the seed.</summary>
    public required string Group { get; init; }

    public required int Seed { get; init; }

    /// <summary>section:key → value, as given to 'realganlab train'.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    /// <summary>The fully resolved experiment config.</summary>
    public JsonObject Config { get; init; } = [];
}
