namespace RealGanLab.Sweeps;

/// <summary>
/// The layout of a sweep directory: the ownership marker (.realganlab, written first), sweep.json, one run directory per member, logs/&lt;member&gt;.log (every
/// attempt's output, appended) and the workers' outcome records beside it, .locks/&lt;member&gt;.lock (held by the worker running the member), and the report.
/// </summary>
public sealed class SweepDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string Member(string name) => System.IO.Path.Combine(Path, name);

    public string Log(string name) => System.IO.Path.Combine(Path, "logs", name + ".log");

    /// <summary>
    /// The outcome record one attempt's worker writes (logs/&lt;member&gt;.outcome-&lt;attempt&gt;.json): a name of its own per attempt,
    /// so neither a record left by an earlier attempt nor one written by a worker of another sweep process over the same
    /// directory can be taken for this attempt's.
    /// </summary>
    public string WorkerOutcome(string name, string attempt) => System.IO.Path.Combine(Path, "logs", $"{name}.outcome-{attempt}.json");

    /// <summary>The last trusted outcome record of a member that ran (logs/&lt;member&gt;.outcome.json), kept for people.</summary>
    public string LastWorkerOutcome(string name) => System.IO.Path.Combine(Path, "logs", name + ".outcome.json");

    public string Lock(string name) => System.IO.Path.Combine(Path, ".locks", name + ".lock");

    /// <summary>Writes the manifest, or checks that the one there describes the same members.</summary>
    /// <returns>A problem to report, or null. Members may be added (a sweep extended with more seeds); none may change.</returns>
    /// <param name="allowExtension">Whether members may be added; not for a shard, whose member indices would shift under the other shards.</param>
    public string? Adopt(SweepManifest manifest, bool allowExtension = true)
    {
        if (SweepManifest.Exists(Path))
        {
            var existing = SweepManifest.Read(Path);
            var changed = manifest.Members
                .Where(m => existing.Member(m.Name) is { } e && e.Config.ToJsonString() != m.Config.ToJsonString())
                .Select(m => m.Name).ToList();
            var dropped = existing.Members.Where(e => manifest.Member(e.Name) is null).Select(e => e.Name).ToList();
            if (changed.Count > 0)
                return $"'{Path}' holds sweep '{existing.Name}', whose member{(changed.Count > 1 ? "s" : "")} {string.Join(", ", changed.Take(5))}" +
                    $"{(changed.Count > 5 ? $" and {changed.Count - 5} more" : "")} had another config. Finished results are never replaced: choose another --out.";
            if (dropped.Count > 0)
                return $"'{Path}' holds sweep '{existing.Name}' with members this sweep file lacks ({string.Join(", ", dropped.Take(5))}{(dropped.Count > 5 ? ", …" : "")}); choose another --out.";
            if (existing.Members.Count == manifest.Members.Count) return null;
            if (!allowExtension)
                return $"'{Path}' holds sweep '{existing.Name}' with {existing.Members.Count} members and the sweep file now has {manifest.Members.Count}; " +
                    "a shard cannot extend a sweep (the other shards' member indices would shift). Run the sweep without --shard once, or choose another --out.";
            // Extended: new members keep their place in the new file's order.
        }
        // Hidden entries are ignored: another sweep process starting at the same moment may be writing its
        // .sweep.json.partial-* right now (it writes the same manifest).
        else if (Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any(e => !System.IO.Path.GetFileName(e).StartsWith('.')))
            return SweepManifest.Exists(Path) ? Adopt(manifest, allowExtension) : $"'{Path}' is not empty and holds no {SweepManifest.FileName}; choose another --out.";
        // A new sweep directory: the marker first, proof that the directory is the tool's.
        if (!SweepManifest.Exists(Path)) Output.OwnershipMarker.Claim(Path, Output.OwnershipMarker.Sweep, "--out");
        manifest.Write(Path);
        return null;
    }
}
