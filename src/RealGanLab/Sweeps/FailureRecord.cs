using System.Text.Json;
using System.Text.Json.Serialization;
using RealGanLab.Configuration;

namespace RealGanLab.Sweeps;

/// <summary>
/// <c>FAILED</c> in a run directory: written by the sweep when a member's process ended without DONE and not by
/// an interrupt — an error exit or death by a signal — so the cause survives and the next sweep can retry it.
/// The next attempt removes it when it starts (under the member lock).
/// </summary>
public sealed record FailureRecord
{
    public const string FileName = "FAILED";

    /// <summary>"failed" (error exit) or "crashed" (killed by a signal).</summary>
    public required string Status { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>The signal's name when the process was killed by one (SIGABRT, SIGKILL, ...).</summary>
    public string? Signal { get; init; }

    /// <summary>
    /// Why: the error the worker reported in its outcome record (<see cref="WorkerOutcome.Cause"/>); for a worker that died
    /// without one (a signal, a native abort), the lines of its log that say why.
    /// </summary>
    public required string Cause { get; init; }

    /// <summary>The member's log file, relative to the sweep directory.</summary>
    public string? Log { get; init; }

    /// <summary>The last step that was logged before the failure, when any.</summary>
    public long? LastStep { get; init; }

    public required DateTimeOffset At { get; init; }

    public void Write(string runDirectory) =>
        Output.AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), ConfigJson.Serialize(this));

    public static FailureRecord? Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<FailureRecord>(File.ReadAllText(path), ConfigJson.Options);
        }
        catch (JsonException)
        {
            return new FailureRecord { Status = "failed", Cause = $"unreadable {FileName} record", At = File.GetLastWriteTimeUtc(path) };
        }
    }
}
