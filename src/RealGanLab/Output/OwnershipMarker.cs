using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Configuration;

namespace RealGanLab.Output;

/// <summary>
/// <c>.realganlab</c>: the proof that a directory was made by this tool. Written as the first thing in every run
/// directory (train, and a sweep's members), sweep directory and field output directory the tool creates; every
/// destructive path (<c>--force</c>, a sweep worker's restart) acts only on a directory whose marker names the
/// expected kind, and there only on the entries the tool writes. A folder that merely holds a file called
/// config.json is not proof: users have those too.
/// <code>{ "tool": "realganlab output directory", "kind": "run", "id": "3f2c…", "created": "2026-12-02T06:00:00+00:00" }</code>
/// </summary>
public sealed record OwnershipMarker(string Tool, string Kind, string Id, DateTimeOffset Created)
{
    public const string FileName = ".realganlab";

    /// <summary>The fixed identity string; a marker without it is not this tool's.</summary>
    public const string Identity = "realganlab output directory";

    /// <summary>A training run (train, or a sweep's member).</summary>
    public const string Run = "run";

    /// <summary>A sweep directory (holds sweep.json and the members' run directories).</summary>
    public const string Sweep = "sweep";

    /// <summary>The outputs of 'realganlab field'.</summary>
    public const string Field = "field";

    /// <summary>A sweep report written outside its sweep directory (realganlab report --out).</summary>
    public const string Report = "report";

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>The marker in <paramref name="directory"/>, or null when there is none or it is not this tool's (unreadable, foreign, damaged).</summary>
    public static OwnershipMarker? Read(string directory)
    {
        var path = PathIn(directory);
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length > 4096) return null;
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject o) return null;
            if ((string?)o["tool"] != Identity || o["kind"]?.GetValue<string>() is not { } kind || o["id"]?.GetValue<string>() is not { } id) return null;
            var created = o["created"]?.GetValue<DateTimeOffset>() ?? default;
            return new OwnershipMarker(Identity, kind, id, created);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="directory"/> carries this tool's marker of <paramref name="kind"/>.</summary>
    public static bool IsMarked(string directory, string kind) => Read(directory)?.Kind == kind;

    /// <summary>
    /// Creates <paramref name="directory"/> if needed and marks it as the tool's <paramref name="kind"/>; a marker of the
    /// same kind already there is kept (its id and creation time stay). A directory that cannot be created or written
    /// is bad input against <paramref name="option"/> (exit 2), named with the fix; a failed write leaves no marker.
    /// </summary>
    public static void Claim(string directory, string kind, string option)
    {
        if (IsMarked(directory, kind)) return;
        try
        {
            Directory.CreateDirectory(directory);
            var marker = new JsonObject
            {
                ["tool"] = Identity,
                ["kind"] = kind,
                ["id"] = Guid.NewGuid().ToString("N"),
                ["created"] = DateTimeOffset.Now,
            };
            Output.AtomicFile.WriteAllText(PathIn(directory), marker.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(option, $"'{directory}' cannot be created or written ({e.Message}); choose a writable {option}.");
        }
    }

    /// <summary>
    /// Refuses (bad input against <paramref name="option"/>) to replace <paramref name="directory"/> unless it is marked
    /// <paramref name="kind"/> and every entry in it is one the tool writes (<paramref name="isToolEntry"/>). The message
    /// names the directory and lists what would have been lost.
    /// </summary>
    /// <param name="isToolEntry">Whether an entry (its full path) is one the tool writes there.</param>
    /// <param name="fix">What to do instead, e.g. "choose another --out".</param>
    public static void EnsureReplaceable(string directory, string kind, Func<string, bool> isToolEntry, string option, string fix)
    {
        if (!Directory.Exists(directory)) return;
        if (File.GetAttributes(directory).HasFlag(FileAttributes.ReparsePoint))
            throw new BadInputException(option, $"'{directory}' is a link to another folder; realganlab replaces only folders it made itself. Nothing was deleted. {fix}");
        var entries = Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList();
        if (entries.Count == 0) return;    // an empty folder loses nothing
        var foreign = entries.Where(e => !isToolEntry(e)).Select(Shown).ToList();
        var marker = Read(directory);
        if (marker is not null && marker.Kind == kind && foreign.Count == 0) return;
        var what = marker is null
            ? $"'{directory}' was not made by realganlab (it has no {FileName} marker{(File.Exists(PathIn(directory)) ? " it can read" : "")})"
            : marker.Kind != kind
                ? $"'{directory}' is a realganlab {marker.Kind} directory, not a {kind} directory"
                : $"'{directory}' holds files realganlab did not write";
        // Not the tool's directory: everything in it would be lost; the tool's own: what it did not write.
        var listed = (marker is null || marker.Kind != kind ? entries.Select(Shown) : foreign).Where(n => n != FileName).ToList();
        var lost = listed.Count == 0 ? "" :
            $"; replacing it would delete {string.Join(", ", listed.Take(5))}{(listed.Count > 5 ? $" and {listed.Count - 5} more" : "")} ({listed.Count} entr{(listed.Count == 1 ? "y" : "ies")})";
        throw new BadInputException(option, $"{what}{lost}. Nothing was deleted. {fix}");
    }

    /// <summary>An entry's name as listed in a refusal: folders end in '/' (their contents would go too).</summary>
    static string Shown(string path) => Path.GetFileName(path) + (Directory.Exists(path) ? "/" : "");

    /// <summary>Whether an entry is a plain file (not a folder, not a link) — the only kind of file the tool writes.</summary>
    public static bool IsPlainFile(string path) =>
        File.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint);
}
