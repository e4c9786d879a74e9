using System.Globalization;
using System.Text.RegularExpressions;

namespace RealGanLab.Checkpoints;

/// <summary>
/// A run's <c>checkpoints/</c> folder: <c>latest.ckpt</c>, rewritten at every save, <c>previous.ckpt</c>, the
/// latest before that (so a damaged latest.ckpt always has a fallback, even before the first numbered one),
/// and numbered <c>step_000001500.ckpt</c> files (zero-padded so names sort like steps), optionally pruned to
/// the newest <see cref="KeepNumbered"/>. Every write is atomic (<see cref="CheckpointFile"/>); hidden
/// <c>.*.partial-*</c> files left by a killed process are never listed or read.
/// </summary>
public sealed partial class CheckpointStore
{
    public const string LatestName = "latest.ckpt";
    public const string PreviousName = "previous.ckpt";

    /// <summary>Whether latest.ckpt is known to verify: this store wrote it, or checked it before a rotation.</summary>
    bool latestVerified;

    /// <param name="directory">The checkpoints folder (created on the first save).</param>
    /// <param name="keepNumbered">How many numbered checkpoints to keep; 0 keeps all.</param>
    public CheckpointStore(string directory, int keepNumbered = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepNumbered);
        Directory = Path.GetFullPath(directory);
        KeepNumbered = keepNumbered;
    }

    public string Directory { get; }

    public int KeepNumbered { get; }

    public string LatestPath => Path.Combine(Directory, LatestName);

    public string PreviousPath => Path.Combine(Directory, PreviousName);

    /// <summary>The file name of the numbered checkpoint of a step: step_000001500.ckpt.</summary>
    public static string NumberedName(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return $"step_{step.ToString("D9", CultureInfo.InvariantCulture)}.ckpt";
    }

    /// <summary>
    /// Writes latest.ckpt atomically and returns its path; the latest.ckpt it replaces becomes previous.ckpt
    /// (renamed only once the new file is complete, see <see cref="Output.AtomicFile.Write"/>).
    /// A latest.ckpt that does not verify is replaced without rotation, so that a damaged file never pushes
    /// out a good previous.ckpt (a run resumed from previous.ckpt past a damaged latest.ckpt keeps it).
    /// It is checked once per store (one read); after that, latest.ckpt is the file this store wrote.
    /// </summary>
    public string SaveLatest(CheckpointWriter writer)
    {
        if (File.Exists(LatestPath) && (latestVerified || Verifies(LatestPath))) writer.Save(LatestPath, PreviousPath);
        else writer.Save(LatestPath);
        latestVerified = true;
        return LatestPath;
    }

    static bool Verifies(string path)
    {
        try
        {
            CheckpointFile.Read(path);
            return true;
        }
        catch (Exception e) when (e is CheckpointCorruptException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the step's numbered checkpoint atomically, then prunes the oldest numbered ones beyond
    /// <see cref="KeepNumbered"/>. The file just written is always kept, even when older-numbered (a run
    /// resumed from an earlier checkpoint must not delete its own new save).
    /// </summary>
    public string SaveNumbered(CheckpointWriter writer, long step)
    {
        var path = Path.Combine(Directory, NumberedName(step));
        writer.Save(path);
        if (KeepNumbered > 0)
        {
            var others = Numbered().Where(e => e.Step != step).OrderByDescending(e => e.Step).Skip(KeepNumbered - 1);
            foreach (var old in others) File.Delete(old.Path);
        }
        return path;
    }

    /// <summary>
    /// The checkpoints a user picks from (probe --checkpoint all): numbered ones by ascending step, then
    /// latest.ckpt if present. previous.ckpt, a fallback copy of an earlier save, is not listed.
    /// </summary>
    public IReadOnlyList<CheckpointEntry> List()
    {
        var entries = Numbered().OrderBy(e => e.Step).ToList();
        if (File.Exists(LatestPath)) entries.Add(new CheckpointEntry(LatestPath, null));
        return entries;
    }

    /// <summary>
    /// The newest checkpoint that verifies: latest.ckpt, else previous.ckpt, else the numbered ones from the
    /// highest step down. Each unreadable file on the way is skipped with a warning naming it and the reason.
    /// That order is newest first without reading any file: every save rewrites latest.ckpt (a numbered save
    /// too, with the same state), and previous.ckpt is the save before it, so within one run
    /// latest ≥ previous ≥ every numbered step but latest's own. (Ordering by the step stored inside would
    /// cost a full read and hash of every file, and it could only differ after a run fell back past newer
    /// numbered files, which were then unreadable anyway.)
    /// </summary>
    /// <param name="misfit">
    /// Why a checkpoint that verifies still cannot be used (its contents do not fit the run), or null when it can.
    /// A misfit is skipped like a damaged file, with a warning naming it and the reason.
    /// </param>
    public CheckpointSearch FindLatest(Func<CheckpointReader, string?>? misfit = null)
    {
        var warnings = new List<string>();
        IEnumerable<string> candidates = [LatestPath, PreviousPath, .. Numbered().OrderByDescending(e => e.Step).Select(e => e.Path)];
        foreach (var candidate in candidates.Where(File.Exists))
        {
            try
            {
                var reader = CheckpointReader.Open(candidate);
                if (misfit?.Invoke(reader) is string reason)
                {
                    warnings.Add($"skipped checkpoint {candidate}: it verifies but does not fit this run: {reason}");
                    continue;
                }
                return new CheckpointSearch(candidate, reader, warnings);
            }
            catch (Exception e) when (e is CheckpointCorruptException or IOException or UnauthorizedAccessException)
            {
                warnings.Add($"skipped checkpoint {candidate}: {e.Message}");
            }
        }
        return new CheckpointSearch(null, null, warnings);
    }

    IEnumerable<CheckpointEntry> Numbered()
    {
        if (!System.IO.Directory.Exists(Directory)) yield break;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "step_*.ckpt"))
        {
            var match = NumberedPattern().Match(Path.GetFileName(file));
            if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
                yield return new CheckpointEntry(file, step);
        }
    }

    [GeneratedRegex(@"^step_(\d+)\.ckpt$")]
    private static partial Regex NumberedPattern();
}
