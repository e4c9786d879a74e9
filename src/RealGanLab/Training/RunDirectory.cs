using System.Text.RegularExpressions;
using RealGanLab.Output;

namespace RealGanLab.Training;

/// <summary>
/// The layout of a training run (docs/training.md, "The run directory"): the ownership marker (.realganlab, written first), config.json,
/// metrics.jsonl, probe.jsonl, samples/, plots/, checkpoints/, tensorboard/, summary.json and DONE, written last.
/// Names sort (zero-padded numbers). <see cref="IsToolEntry"/> lists everything the tool writes here; nothing
/// else is ever deleted.
/// </summary>
public sealed partial class RunDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string Config => Combine("config.json");
    public string Metrics => Combine("metrics.jsonl");
    public string Probe => Combine("probe.jsonl");

    /// <summary>The lines 'realganlab probe' appends, one per probed checkpoint (and generator).</summary>
    public string ProbeCheckpoints => Combine("probe_checkpoints.jsonl");
    public string Samples => Combine("samples");
    public string Plots => Combine("plots");
    public string Checkpoints => Combine("checkpoints");
    public string TensorBoard => Combine("tensorboard");
    public string Summary => Combine("summary.json");
    public string Done => Combine("DONE");

    /// <summary>Writes DONE for a run that ended for good: "completed at step N" or "diverged at step N", written last.</summary>
    public void WriteDone(RunStatus status, long step) =>
        Output.AtomicFile.WriteAllText(Done, $"{status.ToString().ToLowerInvariant()} at step {step}\n");

    /// <summary>
    /// How the run ended by its DONE and DONE's text; null without DONE. The status is <see cref="RunStatus.Completed"/> or
    /// <see cref="RunStatus.Diverged"/> by DONE's first word, and null for a DONE that says neither (not written by the trainer).
    /// </summary>
    public (RunStatus? Status, string Text)? ReadDone()
    {
        if (!File.Exists(Done)) return null;
        var text = File.ReadAllText(Done).Trim();
        RunStatus? status = text.StartsWith("completed", StringComparison.Ordinal) ? RunStatus.Completed
            : text.StartsWith("diverged", StringComparison.Ordinal) ? RunStatus.Diverged : null;
        return (status, text);
    }

    /// <summary>Held (flock, <see cref="Output.FileLock"/>) by the process training this run, so two never train it at once.</summary>
    public string Lock => Combine(".lock");

    /// <summary>samples/epoch_0003.png; an averaged generator's (<paramref name="variant"/> "ema"): samples/epoch_0003_ema.png.</summary>
    public string SampleImage(int epoch, string? variant = null) =>
        System.IO.Path.Combine(Samples, variant is null ? $"epoch_{epoch:D4}.png" : $"epoch_{epoch:D4}_{variant}.png");

    public string Plot(string name) => System.IO.Path.Combine(Plots, name);

    /// <summary>The files the tool writes at the top of a run directory (FAILED by a sweep, probe_checkpoints.jsonl by probe).</summary>
    static readonly HashSet<string> ToolFiles =
        ["config.json", "metrics.jsonl", "probe.jsonl", "summary.json", "DONE", Sweeps.FailureRecord.FileName, "probe_checkpoints.jsonl",
         ".lock", ".lock.owner", OwnershipMarker.FileName];

    /// <summary>The folders the tool writes, each with the names of the files it writes there.</summary>
    static readonly Dictionary<string, Regex> ToolFolders = new()
    {
        ["samples"] = new(@"^epoch_\d+(_[a-z]+)?\.png$"),
        ["plots"] = new(@"^[\w.-]+\.png$"),
        ["checkpoints"] = new(@"^[\w.-]+\.ckpt$"),
        ["tensorboard"] = new(@"^events\.out\.tfevents\..+$"),
    };

    /// <summary>
    /// Whether the entry at <paramref name="path"/> (the top of a run directory) is one the tool writes: a known file, an
    /// atomic write's temp file (<see cref="Output.AtomicFile"/>), or a known folder holding only files of the names the tool writes
    /// there. Links never are.
    /// </summary>
    public static bool IsToolEntry(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        if (ToolFiles.Contains(name) || Output.AtomicFile.TargetOfTempName(name) is not null) return OwnershipMarker.IsPlainFile(path);
        return ToolFolders.TryGetValue(name, out var files) && Directory.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint) &&
            Directory.EnumerateFileSystemEntries(path).All(f => OwnershipMarker.IsPlainFile(f) &&
                (files.IsMatch(System.IO.Path.GetFileName(f)) || Output.AtomicFile.TargetOfTempName(System.IO.Path.GetFileName(f)) is not null));
    }

    /// <summary>Whether the entry is the run's lock or its owner line, which a new run keeps (see TrainCommand).</summary>
    public static bool IsLockEntry(string path) => System.IO.Path.GetFileName(path) is ".lock" or ".lock.owner";

    /// <summary>
    /// Empties the run directory for a new run: every entry the tool writes except the lock (held by this process) and the
    /// marker. Refuses first, deleting nothing, unless the directory is a marked run holding only the tool's entries.
    /// </summary>
    public void ClearForNewRun(string option, string fix)
    {
        OwnershipMarker.EnsureReplaceable(Path, OwnershipMarker.Run, IsToolEntry, option, fix);
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path).Where(e => IsToolEntry(e) && !IsLockEntry(e) && System.IO.Path.GetFileName(e) != OwnershipMarker.FileName).ToList())
        {
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        }
    }

    public void Create()
    {
        foreach (var d in new[] { Path, Samples, Plots, Checkpoints, TensorBoard }) Directory.CreateDirectory(d);
    }

    /// <summary>A default name: dataset-rule-seed and a timestamp, e.g. ring-consensus-s0-20261122-203501.</summary>
    public static string DefaultName(Configuration.ExperimentConfig c, DateTimeOffset now)
    {
        var data = c.Game.Name == "mlp" ? c.Data.Name : c.Game.Name;
        return $"{data}-{c.Rule.Name}-s{c.Seed}-{now:yyyyMMdd-HHmmss}";
    }

    string Combine(string name) => System.IO.Path.Combine(Path, name);
}
