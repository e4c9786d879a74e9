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

    /// <summary>Reads sweep.json; throws <see cref="BadInputException"/> naming the file when it is missing or unreadable.</summary>
    public static SweepManifest Read(string sweepDirectory)
    {
        var path = Path.GetFullPath(PathIn(sweepDirectory));
        if (!File.Exists(path))
            throw new BadInputException("SWEEP_DIR", $"{path} does not exist, so '{sweepDirectory}' is not a sweep directory (realganlab sweep FILE writes it first).");
        var manifest = Parse(path);
        manifest.Validate(path);
        return manifest;
    }

    /// <summary>
    /// sweep.json's text into a manifest with every part present: duplicate keys, a top level that is not an object,
    /// values of the wrong type and null where a value belongs are refused as bad input naming the file.
    /// </summary>
    static SweepManifest Parse(string path)
    {
        const string Fix = "it is written by 'realganlab sweep FILE'; restore it, or run the sweep again into a new --out.";
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException("SWEEP_DIR", $"'{path}' cannot be read: {e.Message}");
        }
        StrictJson.Check(text, path, "SWEEP_DIR", JsonValueKind.Object, "the sweep's manifest, an object with \"name\", \"axes\" and \"members\"; " + Fix);
        SweepManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SweepManifest>(text, ConfigJson.Options);
        }
        catch (JsonException e)
        {
            throw new BadInputException("SWEEP_DIR", $"'{path}' is not a readable sweep manifest: the value at {e.Path ?? "its top level"} has the wrong type; {Fix}");
        }
        var missing = manifest is null ? "the manifest" : MissingPart(manifest);
        if (missing is not null)
            throw new BadInputException("SWEEP_DIR", $"'{path}' is not a readable sweep manifest: {missing} is missing or null; {Fix}");
        return manifest!;
    }

    /// <summary>The first part of a deserialized manifest that is null (the serializer lets null through for reference types), or null.</summary>
    static string? MissingPart(SweepManifest m)
    {
        if (string.IsNullOrEmpty(m.Name)) return "\"name\"";
        if (m.Axes is null) return "\"axes\"";
        for (int i = 0; i < m.Axes.Count; i++)
            if (m.Axes[i] is null || m.Axes[i].Name is null || m.Axes[i].Values is null || m.Axes[i].Values.Any(v => v is null)) return $"axes[{i}]";
        if (m.Members is null) return "\"members\"";
        for (int i = 0; i < m.Members.Count; i++)
        {
            var member = m.Members[i];
            if (member is null || member.Name is null || member.Group is null || member.Settings is null || member.Overrides is null || member.Config is null
                || member.Settings.Values.Any(v => v is null) || member.Overrides.Values.Any(v => v is null))
                return $"members[{i}]";
        }
        return null;
    }

    /// <summary>
    /// Refuses a manifest whose members could not be run safely: a member name is a directory under the sweep directory,
    /// so it must be a plain name (as <see cref="MemberNames.IsSafe"/> requires of sweep files) — never an absolute path,
    /// '..', a path with separators or one of the sweep directory's own names — and unique. (Parse has refused missing parts.)
    /// </summary>
    void Validate(string path)
    {
        const string fix = "sweep.json is written by realganlab sweep and must not be edited by hand: restore it, or run the sweep into a new --out.";
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in Members)
        {
            if (!MemberNames.IsSafe(member.Name))
                throw new BadInputException("SWEEP_DIR", $"'{path}' names a member '{member.Name}', which is not a plain directory name (letters, digits, '.', '+', '-', '_'; " +
                    $"not starting with '.', not one of {string.Join(", ", MemberNames.Reserved)}). Nothing was run or deleted. {fix}");
            if (!seen.Add(member.Name)) throw new BadInputException("SWEEP_DIR", $"'{path}' names the member '{member.Name}' twice. {fix}");
        }
    }

    /// <summary>Writes sweep.json atomically.</summary>
    public void Write(string sweepDirectory)
    {
        Directory.CreateDirectory(sweepDirectory);
        Output.AtomicFile.WriteAllText(PathIn(sweepDirectory), ConfigJson.Serialize(this));
    }

    public SweepManifestMember? Member(string name) => Members.FirstOrDefault(m => m.Name == name);
}
