using System.Text.Json.Nodes;
using RealGanLab.Output;
using RealGanLab.Training;

namespace RealGanLab.Sweeps;

/// <summary>
/// What a run directory says about its run, read from the files alone (docs/design.md §5): the run lock (held while a
/// process trains it), DONE, FAILED (a sweep's record of an error exit or a crash), summary.json, the latest
/// logged step and whether a checkpoint exists. Used by 'realganlab runs', the sweep scheduler and the report.
/// </summary>
public sealed record RunState
{
    public required string Path { get; init; }
    public required RunStatus Status { get; init; }

    /// <summary>The last step in metrics.jsonl (or summary.json), or null when nothing was logged.</summary>
    public long? Step { get; init; }

    /// <summary>train:steps from config.json.</summary>
    public long? Steps { get; init; }

    /// <summary>Why it diverged, failed or crashed; who holds it while running.</summary>
    public string? Detail { get; init; }

    public bool HasCheckpoint { get; init; }

    /// <summary>Ended for good (completed or diverged): a sweep does not run it again.</summary>
    public bool IsEnded => Status is RunStatus.Completed or RunStatus.Diverged;

    public static RunState Read(string path)
    {
        var run = new RunDirectory(path);
        long? steps = null;
        if (File.Exists(run.Config))
        {
            try
            {
                steps = (long?)JsonNode.Parse(File.ReadAllText(run.Config))?["config"]?["train"]?["steps"];
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException) { }
        }
        var hasCheckpoint = Directory.Exists(run.Checkpoints) && Directory.EnumerateFiles(run.Checkpoints, "*.ckpt").Any();
        var step = LastLoggedStep(run.Metrics);
        var state = new RunState { Path = run.Path, Status = RunStatus.Pending, Step = step, Steps = steps, HasCheckpoint = hasCheckpoint };

        if (FileLock.IsHeld(run.Lock))
            return state with { Status = RunStatus.Running, Detail = FileLock.Owner(run.Lock) };
        if (run.ReadDone() is { } done)
        {
            var summary = ReadSummary(run.Summary);
            var finalStep = (long?)summary?["step"] ?? step;
            if (done.Status == RunStatus.Diverged)
                return state with { Status = RunStatus.Diverged, Step = finalStep, Detail = (string?)summary?["cause"] ?? done.Text };
            return state with { Status = RunStatus.Completed, Step = finalStep };
        }
        if (FailureRecord.Read(run.Path) is { } failure)
            return state with
            {
                Status = failure.Status == "crashed" ? RunStatus.Crashed : RunStatus.Failed,
                Detail = failure.Signal is null ? failure.Cause : $"{failure.Signal}: {failure.Cause}",
            };
        if (!File.Exists(run.Config)) return state;
        return state with { Status = RunStatus.Interrupted, Detail = hasCheckpoint ? "resumable" : "no checkpoint" };
    }

    static JsonNode? ReadSummary(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The step of the last complete line of metrics.jsonl, reading only the file's tail.</summary>
    static long? LastLoggedStep(string metrics)
    {
        if (!File.Exists(metrics)) return null;
        using var stream = new FileStream(metrics, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = stream.Length;
        var take = (int)Math.Min(length, 16 * 1024);
        stream.Seek(length - take, SeekOrigin.Begin);
        var buffer = new byte[take];
        stream.ReadExactly(buffer);
        var lines = System.Text.Encoding.UTF8.GetString(buffer).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = lines.Length - 1; i >= 0; i--)
        {
            try
            {
                if (JsonNode.Parse(lines[i])?["step"] is JsonNode s) return (long)s;
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException) { }
        }
        return null;
    }
}
