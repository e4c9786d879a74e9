using System.Globalization;
using System.Text.RegularExpressions;

namespace RealGanLab.Checkpoints;

/// <summary>
/// A run's <c>checkpoints/</c> folder: <c>latest.ckpt</c>, rewritten at every save, and numbered
/// <c>step_000001500.ckpt</c> files (zero-padded so names sort like steps), optionally pruned to the newest
/// <see cref="KeepNumbered"/>. Every write is atomic (<see cref="CheckpointFile"/>); hidden
/// <c>.*.partial-*</c> files left by a killed process are never listed or read.
/// </summary>
public sealed partial class CheckpointStore
{
    public const string LatestName = "latest.ckpt";

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

    /// <summary>The file name of the numbered checkpoint of a step: step_000001500.ckpt.</summary>
    public static string NumberedName(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return $"step_{step.ToString("D9", CultureInfo.InvariantCulture)}.ckpt";
    }

    /// <summary>Writes latest.ckpt atomically and returns its path.</summary>
    public string SaveLatest(CheckpointWriter writer)
    {
        writer.Save(LatestPath);
        return LatestPath;
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

    /// <summary>All checkpoints: numbered ones by ascending step, then latest.ckpt if present.</summary>
    public IReadOnlyList<CheckpointEntry> List()
    {
        var entries = Numbered().OrderBy(e => e.Step).ToList();
        if (File.Exists(LatestPath)) entries.Add(new CheckpointEntry(LatestPath, null));
        return entries;
    }

    /// <summary>
    /// The newest checkpoint that verifies: latest.ckpt, else the numbered ones from the highest step down.
    /// Each unreadable file on the way is skipped with a warning naming it and the reason.
    /// </summary>
    public CheckpointSearch FindLatest()
    {
        var warnings = new List<string>();
        var candidates = List().OrderBy(e => e.IsLatest ? 0 : 1).ThenByDescending(e => e.Step);
        foreach (var candidate in candidates)
        {
            try
            {
                return new CheckpointSearch(candidate.Path, CheckpointReader.Open(candidate.Path), warnings);
            }
            catch (Exception e) when (e is CheckpointCorruptException or IOException or UnauthorizedAccessException)
            {
                warnings.Add($"skipped checkpoint {candidate.Path}: {e.Message}");
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
