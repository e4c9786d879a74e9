using System.Text.Json.Nodes;
using RealGanLab.Configuration;

namespace RealGanLab.Sweeps;

/// <summary>One run of a sweep: its name (also its run directory's name), its settings, its overrides and its resolved, validated config.</summary>
public sealed record SweepMember(
    string Name,
    IReadOnlyDictionary<string, string> Settings,
    string Group,
    IReadOnlyDictionary<string, string> Overrides,
    ExperimentConfig Config)
{
    public SweepManifestMember ToManifest() => new()
    {
        Name = Name,
        Settings = Settings,
        Group = Group,
        Seed = Config.Seed,
        Overrides = Overrides,
        Config = JsonNode.Parse(ConfigJson.Serialize(Config))!.AsObject(),
    };
}
