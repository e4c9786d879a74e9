using System.CommandLine;
using RealGanLab.Configuration;
using RealGanLab.Output;
using RealGanLab.Sweeps;
using RealGanLab.Training;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab sweep-worker DIR MEMBER (hidden): runs one sweep member in this process, started by 'realganlab sweep'.
/// It takes the member's lock first and decides under it — DONE: nothing to do; a readable checkpoint: resume;
/// otherwise start afresh — so two sweep processes over one directory never train a member twice, and a member
/// killed at any point is resumed, never restarted over a finished run. Exit codes are train's, plus 75 when
/// another process holds the member. Before it exits, on every path it controls, it writes its outcome record
/// (<see cref="WorkerOutcome"/>: status, exit code, the caught error's message, last step, speed) for the sweep, which
/// reads the log only for a worker that died without one.
/// </summary>
public static class SweepWorkerCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "The sweep directory (holds sweep.json)." };
        var member = new Argument<string>("MEMBER") { Description = "The member's name." };
        var command = new Command("sweep-worker", "Run one member of a sweep (started by 'realganlab sweep').") { dir, member };
        command.Hidden = true;
        command.SetAction(parse => Run(parse.GetValue(dir)!, parse.GetValue(member)!));
        return command;
    }

    public static int Run(string directory, string name)
    {
        // The name becomes paths (its lock, its run directory, its outcome record): only a plain member name, as in
        // sweep files. A sweep never starts a worker for another, so no record is written for one.
        if (!MemberNames.IsSafe(name))
            return ConsoleReporter.BadInput(new BadInputException("MEMBER", $"'{name}' is not a member name (letters, digits, '.', '+', '-', '_'); nothing was run."));
        var sweep = new SweepDirectory(directory);
        var attempt = Environment.GetEnvironmentVariable(WorkerOutcome.AttemptVariable);
        try
        {
            var (code, status, cause) = RunMember(sweep, name);
            Report(sweep, name, attempt, status, code, cause);
            return code;
        }
        catch (Exception e)
        {
            // Program reports it (and maps it to its exit code) as for any command; the record says the same first.
            var code = e is Native.LibTorchException { IsBadInput: true } ? ExitCodes.BadInput : ExitCodes.Failure;
            Report(sweep, name, attempt, RunStatus.Failed, code, e.Message);
            throw;
        }
    }

    /// <summary>Decides under the member's lock and trains; returns the exit code, the member's status and why.</summary>
    static (int Code, RunStatus Status, string? Cause) RunMember(SweepDirectory sweep, string name)
    {
        // The manifest first (it never changes under a running sweep): a bad one is refused before anything is written.
        SweepManifestMember member;
        try
        {
            member = SweepManifest.Read(sweep.Path).Member(name)
                ?? throw new BadInputException("MEMBER", $"'{name}' is not a member of the sweep in {sweep.Path}.");
        }
        catch (BadInputException e)
        {
            return Refuse(e);
        }
        var path = sweep.Member(name);
        var run = new RunDirectory(path);
        // A member folder that would have to be cleared but is not the tool's is refused before anything is written
        // (the member's lock included); checked again under the lock below.
        if (Directory.Exists(path) && !File.Exists(run.Done) && !RunState.Read(path).IsEnded && !Resumable(run) && Unclearable(sweep, run) is { } early)
            return Refuse(early);
        using var held = FileLock.TryAcquire(sweep.Lock(name));
        if (held is null)
        {
            var owner = FileLock.Owner(sweep.Lock(name));
            Console.WriteLine($"member {name} is being run by {owner ?? "another process"}; leaving it.");
            return (ExitCodes.MemberBusy, RunStatus.Running, owner ?? "another process holds the member's lock");
        }
        if (FileLock.IsHeld(run.Lock))
        {
            // Someone trains this directory outside the sweep (train --out … --resume): leave it alone.
            var owner = FileLock.Owner(run.Lock) ?? "another process";
            Console.WriteLine($"member {name} is being trained by {owner}; leaving it.");
            return (ExitCodes.MemberBusy, RunStatus.Running, $"trained outside the sweep by {owner}");
        }
        var state = RunState.Read(path);
        if (state.IsEnded || File.Exists(run.Done))
        {
            Console.WriteLine($"member {name} has already ended ({state.Status.ToString().ToLowerInvariant()}).");
            return state.Status == RunStatus.Diverged ? (ExitCodes.Diverged, RunStatus.Diverged, state.Detail) : Trained(ExitCodes.Success, path, null);
        }
        var none = new Dictionary<string, string>();
        if (Resumable(run) && TrainingState.LatestCheckpointStep(run) is long step)
        {
            var failed = Path.Combine(path, FailureRecord.FileName);
            if (OwnershipMarker.IsPlainFile(failed)) File.Delete(failed);
            Console.WriteLine($"member {name}: resuming from the checkpoint at step {step}");
            Exception? resumeError = null;
            var resumed = TrainCommand.Run(null, none, path, resume: true, force: false, stopAt: null, useEnvironment: false, onError: e => resumeError = e);
            return Trained(resumed, path, resumeError);
        }
        // Nothing to resume (never started, or died before its first checkpoint): what is there is a fragment of a
        // failed attempt (its output is kept in the sweep's logs/), so start clean — but only in a member directory the
        // tool made (marked, directly inside the sweep directory) and holding nothing but the tool's files.
        if (Directory.Exists(path))
        {
            if (Unclearable(sweep, run) is { } refusal) return Refuse(refusal);
            Directory.Delete(path, recursive: true);
        }
        Console.WriteLine($"member {name}: starting");
        Exception? error = null;
        var code = TrainCommand.Run(null, none, path, resume: false, force: false, stopAt: null, configJson: member.Config.ToJsonString(), useEnvironment: false,
            onError: e => error = e);
        return Trained(code, path, error);
    }

    static (int, RunStatus, string?) Refuse(BadInputException e) => (ConsoleReporter.BadInput(e), RunStatus.Failed, e.Message);

    /// <summary>
    /// The status behind train's exit code, with the run directory's word on how it ended and, for an error, the message of
    /// the exception train caught and reported (train prints it, returns a code and hands it to its onError).
    /// </summary>
    static (int, RunStatus, string?) Trained(int code, string path, Exception? error)
    {
        switch (code)
        {
            case ExitCodes.Success:
                var state = RunState.Read(path);
                return state.Status switch
                {
                    RunStatus.Completed => (code, RunStatus.Completed, null),
                    RunStatus.Diverged => (code, RunStatus.Diverged, state.Detail),
                    _ => (code, RunStatus.Failed, $"training returned success but the run is {state.Status.ToString().ToLowerInvariant()}" +
                        (state.Detail is null ? "" : $" ({state.Detail})")),
                };
            case ExitCodes.Diverged:
                return (code, RunStatus.Diverged, RunState.Read(path).Detail);
            case ExitCodes.Interrupted:
                return (code, RunStatus.Interrupted, null);
            case ExitCodes.WriteFailed:
                return (code, RunStatus.Failed, (error as RunWriteException)?.Message ?? "a write into the run directory failed");
            case ExitCodes.BadInput:
                return (code, RunStatus.Failed, (error as BadInputException)?.Message ?? "training refused its input");
            default:
                return (code, RunStatus.Failed, $"training exited {code}");
        }
    }

    /// <summary>
    /// Writes the attempt's outcome record for the sweep that started this worker. A record that cannot be written (a full
    /// disk) costs only precision: the sweep then classifies the member from the exit code and the log, as for a worker
    /// that crashed.
    /// </summary>
    static void Report(SweepDirectory sweep, string name, string? attempt, RunStatus status, int code, string? cause)
    {
        // Started by hand, or over a folder that is no sweep directory (refused): nobody reads a record, none is written.
        if (attempt is null || !Directory.Exists(sweep.Path)) return;
        if (!WorkerOutcome.IsAttemptId(attempt))
        {
            Console.Error.WriteLine($"warning: {WorkerOutcome.AttemptVariable}='{attempt}' is not an attempt id; no outcome record written.");
            return;
        }
        try
        {
            WorkerOutcome.Of(attempt, status, code, cause, sweep.Member(name)).Write(sweep.WorkerOutcome(name, attempt));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"warning: the outcome record could not be written ({e.Message}); the sweep reads this attempt's exit code and log instead.");
        }
    }

    static bool Resumable(RunDirectory run) => File.Exists(run.Config) && TrainingState.LatestCheckpointStep(run) is not null;

    /// <summary>Why the member's folder may not be cleared for a fresh start, or null when it may.</summary>
    static BadInputException? Unclearable(SweepDirectory sweep, RunDirectory run)
    {
        try
        {
            if (!string.Equals(Path.GetDirectoryName(run.Path), sweep.Path, StringComparison.Ordinal))
                throw new BadInputException("MEMBER", $"'{run.Path}' is not directly inside the sweep directory {sweep.Path}; nothing was deleted.");
            OwnershipMarker.EnsureReplaceable(run.Path, OwnershipMarker.Run, RunDirectory.IsToolEntry, "MEMBER",
                $"Move your files out of it (a member made before realganlab marked its directories: delete {run.Path} by hand) and rerun the sweep.");
            return null;
        }
        catch (BadInputException e)
        {
            return e;
        }
    }
}
