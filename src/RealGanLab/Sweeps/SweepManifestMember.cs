using System.Text.Json.Nodes;

namespace RealGanLab.Sweeps;

/// <summary>
/// One member of a sweep as sweep.json records it: its name (also its run directory's name), its setting on
/// each axis, its group (the settings without the seed, for mean ± std over seeds), its seed, the config
/// overrides that make it, and its fully resolved config.
/// </summary>
public sealed record SweepManifestMember(
    string Name,
    IReadOnlyDictionary<string, string> Settings,
    string Group,
    int Seed,
    IReadOnlyDictionary<string, string> Overrides,
    JsonObject Config);
