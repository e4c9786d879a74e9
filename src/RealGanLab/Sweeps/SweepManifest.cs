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
        SweepManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SweepManifest>(File.ReadAllText(path), ConfigJson.Options)
                ?? throw new ConfigException("SWEEP_DIR", $"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new ConfigException("SWEEP_DIR", $"'{path}' is not a readable sweep manifest: {e.Message}");
        }
        manifest.Validate(path);
        return manifest;
    }

    /// <summary>
    /// Refuses a manifest whose members could not be run safely: a member name is a directory under the sweep directory,
    /// so it must be a plain name (as <see cref="MemberNames.IsSafe"/> requires of sweep files) — never an absolute path,
    /// '..', a path with separators or one of the sweep directory's own names — and unique; every member needs its config.
    /// </summary>
    void Validate(string path)
    {
        const string fix = "sweep.json is written by realganlab sweep and must not be edited by hand: restore it, or run the sweep into a new --out.";
        if (Members is null) throw new ConfigException("SWEEP_DIR", $"'{path}' lists no members. {fix}");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in Members)
        {
            if (member is null || member.Name is null) throw new ConfigException("SWEEP_DIR", $"'{path}' has a member without a name. {fix}");
            if (!MemberNames.IsSafe(member.Name))
                throw new ConfigException("SWEEP_DIR", $"'{path}' names a member '{member.Name}', which is not a plain directory name (letters, digits, '.', '+', '-', '_'; " +
                    $"not starting with '.', not one of {string.Join(", ", MemberNames.Reserved)}). Nothing was run or deleted. {fix}");
            if (!seen.Add(member.Name)) throw new ConfigException("SWEEP_DIR", $"'{path}' names the member '{member.Name}' twice. {fix}");
            if (member.Config is null || member.Settings is null) throw new ConfigException("SWEEP_DIR", $"'{path}': member '{member.Name}' has no config or settings. {fix}");
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
