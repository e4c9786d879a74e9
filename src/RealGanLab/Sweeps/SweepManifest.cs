using System.Text.Json;
using RealGanLab.Configuration;

namespace RealGanLab.Sweeps;

/// <summary>
/// sweep.json, written by the sweep runner at the top of the sweep directory: the sweep's name, the file it came
/// from, its axes and its members in sweep order. Each member's run directory is SWEEP_DIR/&lt;member name&gt;.
/// </summary>
public sealed record SweepManifest
{
    public const string FileName = "sweep.json";

    /// <summary>The axis that varies only the seed; a report aggregates over it within a group.</summary>
    public const string SeedAxis = "seed";

    public required string Name { get; init; }

    /// <summary>The sweep definition file, as given on the command line.</summary>
    public string? Source { get; init; }

    public IReadOnlyList<SweepManifestAxis> Axes { get; init; } = [];

    public IReadOnlyList<SweepManifestMember> Members { get; init; } = [];

    public static string PathIn(string sweepDir) => Path.Combine(sweepDir, FileName);

    /// <summary>Reads SWEEP_DIR/sweep.json.</summary>
    /// <exception cref="FileNotFoundException">There is no sweep.json.</exception>
    /// <exception cref="InvalidDataException">sweep.json is not a sweep manifest; the message names the file.</exception>
    public static SweepManifest Read(string sweepDir)
    {
        var path = Path.GetFullPath(PathIn(sweepDir));
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist.", path);
        try
        {
            return JsonSerializer.Deserialize<SweepManifest>(File.ReadAllText(path), ConfigJson.Options)
                ?? throw new InvalidDataException($"{path} is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a sweep manifest: {e.Message}", e);
        }
    }

    /// <summary>Writes SWEEP_DIR/sweep.json atomically, creating the folder when needed.</summary>
    public void Write(string sweepDir)
    {
        Directory.CreateDirectory(sweepDir);
        Training.RunDirectory.WriteAtomically(PathIn(sweepDir), ConfigJson.Serialize(this));
    }
}
