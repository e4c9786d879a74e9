using RealGanLab.Native;
using RealGanLab.Output;
using RealGanLab.Training;

namespace RealGanLab.Sweeps;

/// <summary>
/// Decides what one attempt of a sweep member came to once its worker has exited. The worker says so itself in its
/// outcome record (<see cref="WorkerOutcome"/>): its status, and the error it caught as the cause. That record is
/// trusted only when it is this attempt's (its id) and the process really exited with the code it states — a worker
/// that wrote its record and was then killed is not what the record says. A worker that died without a record
/// (killed by a signal, a native abort: TorchSharp aborts the process on some libtorch errors) is classified by the
/// fallback, <see cref="WithoutRecord"/>, from its exit code, the run directory and the lines of its log.
/// </summary>
public sealed class MemberClassifier(SweepDirectory directory)
{
    /// <returns>The member's outcome, and the cause for its FAILED record should it have failed or crashed.</returns>
    public (MemberOutcome Outcome, string Cause) Classify(string member, string attempt, int exitCode)
    {
        var path = directory.WorkerOutcome(member, attempt);
        var record = WorkerOutcome.Read(path);
        if (record is not null && record.Attempt == attempt && record.ExitCode == exitCode && FromRecord(member, record) is { } classified)
        {
            Keep(member, path, record);
            return classified;
        }
        TryDelete(path);
        return WithoutRecord(member, exitCode);
    }

    /// <summary>The outcome a trusted record states, or null for a status no worker writes (crashed, pending).</summary>
    public static (MemberOutcome Outcome, string Cause)? FromRecord(string member, WorkerOutcome record)
    {
        var code = record.ExitCode;
        var cause = record.Cause ?? "the worker gave no cause";
        return record.Status switch
        {
            RunStatus.Completed => (new MemberOutcome(member, RunStatus.Completed, code, Speed(record.StepsPerSecond)), cause),
            RunStatus.Diverged => (new MemberOutcome(member, RunStatus.Diverged, code, record.Cause), cause),
            RunStatus.Interrupted => (new MemberOutcome(member, RunStatus.Interrupted, code, Resumes), cause),
            RunStatus.Running => (new MemberOutcome(member, RunStatus.Running, code, record.Cause), cause),
            RunStatus.Failed => (new MemberOutcome(member, RunStatus.Failed, code, Failure(code, cause)), cause),
            _ => null,
        };
    }

    /// <summary>
    /// The fallback for a worker that exited without writing its record (or whose record is not to be trusted): the exit
    /// code says what kind of end it was, the run directory what the run reached, and the log lines of the attempt
    /// (<see cref="CauseFromLog"/>) why.
    /// </summary>
    public (MemberOutcome Outcome, string Cause) WithoutRecord(string member, int code)
    {
        var cause = CauseFromLog(member);
        var run = directory.Member(member);
        switch (code)
        {
            case 0:
                var state = RunState.Read(run);
                return state.Status switch
                {
                    RunStatus.Completed => (new MemberOutcome(member, RunStatus.Completed, code, Speed(WorkerOutcome.ReadStepsPerSecond(run))), cause),
                    RunStatus.Diverged => (new MemberOutcome(member, RunStatus.Diverged, code, state.Detail), cause),
                    _ => (new MemberOutcome(member, RunStatus.Failed, code, $"the worker exited 0 but the run is {state.Status.ToString().ToLowerInvariant()}: {cause}"), cause),
                };
            case ExitCodes.Diverged:
                return (new MemberOutcome(member, RunStatus.Diverged, code, RunState.Read(run).Detail), cause);
            case ExitCodes.Interrupted:
                return (new MemberOutcome(member, RunStatus.Interrupted, code, Resumes), cause);
            case ExitCodes.MemberBusy:
                return (new MemberOutcome(member, RunStatus.Running, code, FileLock.Owner(directory.Lock(member))), cause);
            case > 128 and < 128 + 65:
                return (new MemberOutcome(member, RunStatus.Crashed, code, $"{PosixSignals.Name(code - 128)}: {cause}"), cause);
            default:
                return (new MemberOutcome(member, RunStatus.Failed, code, Failure(code, cause)), cause);
        }
    }

    /// <summary>
    /// The fallback's cause: the lines of the member's last attempt in its log that say what went wrong (errors first,
    /// else its last lines). Only for a worker that left no record.
    /// </summary>
    public string CauseFromLog(string member)
    {
        var path = directory.Log(member);
        if (!File.Exists(path)) return "no log";
        var lines = File.ReadAllLines(path);
        var start = Array.FindLastIndex(lines, l => l.StartsWith("==== attempt", StringComparison.Ordinal));
        var attempt = lines.Skip(Math.Max(0, start + 1)).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var errors = attempt.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("failed", StringComparison.OrdinalIgnoreCase) ||
            l.Contains("abort", StringComparison.OrdinalIgnoreCase) || l.Contains("exception", StringComparison.OrdinalIgnoreCase) ||
            l.Contains("could not", StringComparison.OrdinalIgnoreCase) || l.StartsWith(FaultInjection.Variable, StringComparison.Ordinal)).Take(3).ToList();
        var chosen = errors.Count > 0 ? errors : attempt.TakeLast(3).ToList();
        var text = chosen.Count == 0 ? "the worker printed nothing" : string.Join(" | ", chosen);
        return Shorten(text);
    }

    const string Resumes = "checkpoint saved; the next sweep resumes it";

    static string Failure(int code, string cause) => code == ExitCodes.WriteFailed
        ? $"a write failed (disk full?); its previous checkpoint is intact: free space and rerun the sweep. {cause}"
        : $"exit code {code}: {cause}";

    static string? Speed(double? stepsPerSecond) => stepsPerSecond is double s ? $"{s:0.#} steps/s" : null;

    static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;

    /// <summary>
    /// Keeps a trusted record as the member's last outcome (logs/&lt;member&gt;.outcome.json) for people — unless it only
    /// says that another process holds the member, which would hide that process's own record.
    /// </summary>
    void Keep(string member, string path, WorkerOutcome record)
    {
        try
        {
            if (record.Status == RunStatus.Running) File.Delete(path);
            else File.Move(path, directory.LastWorkerOutcome(member), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
