using System.Text.Json;
using RealGanLab.Configuration;

namespace RealGanLab.Sweeps;

/// <summary>
/// sweep.json at the top of a sweep directory: the expanded sweep (axes, members, resolved configs). Workers,
/// shards on other machines, 'realganlab runs' and 'realganlab report' read the members from it, so they
/// all agree on names and configs whatever the sweep file looks like later.
/// </summary>
public sealed record SweepManifest
{
    public required string Name { get; init; }

    /// <summary>The sweep file, as given on the command line.</summary>
    public string? Source { get; init; }

    public IReadOnlyList<SweepManifestAxis> Axes { get; init; } = [];

    public IReadOnlyList<SweepManifestMember> Members { get; init; } = [];

    public const string FileName = "sweep.json";

    /// <summary>The axis that varies only the seed; a report aggregates over it within a group.</summary>
    public const string SeedAxis = "seed";

    public static string PathIn(string sweepDirectory) => Path.Combine(sweepDirectory, FileName);

    public static bool Exists(string sweepDirectory) => File.Exists(PathIn(sweepDirectory));

    /// <summary>Reads sweep.json; throws <see cref="ConfigException"/> naming the file when it is missing or unreadable.</summary>
    public static SweepManifest Read(string sweepDirectory)
    {
        var path = Path.GetFullPath(PathIn(sweepDirectory));
        if (!File.Exists(path))
            throw new ConfigException("SWEEP_DIR", $"{path} does not exist, so '{sweepDirectory}' is not a sweep directory (realganlab sweep FILE writes it first).");
        try
        {
            return JsonSerializer.Deserialize<SweepManifest>(File.ReadAllText(path), ConfigJson.Options)
                ?? throw new ConfigException("SWEEP_DIR", $"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new ConfigException("SWEEP_DIR", $"'{path}' is not a readable sweep manifest: {e.Message}");
        }
    }

    /// <summary>Writes sweep.json atomically.</summary>
    public void Write(string sweepDirectory)
    {
        Directory.CreateDirectory(sweepDirectory);
        Training.RunDirectory.WriteAtomically(PathIn(sweepDirectory), ConfigJson.Serialize(this));
    }

    public SweepManifestMember? Member(string name) => Members.FirstOrDefault(m => m.Name == name);
}
