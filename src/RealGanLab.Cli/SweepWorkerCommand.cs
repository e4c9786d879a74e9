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
/// another process holds the member.
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
        // The name becomes paths (its lock, its run directory): only a plain member name, as in sweep files.
        if (!MemberNames.IsSafe(name))
            return ConsoleReporter.BadInput(new BadInputException("MEMBER", $"'{name}' is not a member name (letters, digits, '.', '+', '-', '_'); nothing was run."));
        var sweep = new SweepDirectory(directory);
        // The manifest first (it never changes under a running sweep): a bad one is refused before anything is written.
        SweepManifestMember member;
        try
        {
            member = SweepManifest.Read(sweep.Path).Member(name)
                ?? throw new BadInputException("MEMBER", $"'{name}' is not a member of the sweep in {sweep.Path}.");
        }
        catch (BadInputException e)
        {
            return ConsoleReporter.BadInput(e);
        }
        var path = sweep.Member(name);
        var run = new RunDirectory(path);
        // A member folder that would have to be cleared but is not the tool's is refused before anything is written
        // (the member's lock included); checked again under the lock below.
        if (Directory.Exists(path) && !File.Exists(run.Done) && !RunState.Read(path).IsEnded && !Resumable(run) && Unclearable(sweep, run) is { } early)
            return ConsoleReporter.BadInput(early);
        using var held = FileLock.TryAcquire(sweep.Lock(name));
        if (held is null)
        {
            Console.WriteLine($"member {name} is being run by {FileLock.Owner(sweep.Lock(name)) ?? "another process"}; leaving it.");
            return ExitCodes.MemberBusy;
        }
        if (FileLock.IsHeld(run.Lock))
        {
            // Someone trains this directory outside the sweep (train --out … --resume): leave it alone.
            Console.WriteLine($"member {name} is being trained by {FileLock.Owner(run.Lock) ?? "another process"}; leaving it.");
            return ExitCodes.MemberBusy;
        }
        var state = RunState.Read(path);
        if (state.IsEnded || File.Exists(run.Done))
        {
            Console.WriteLine($"member {name} has already ended ({state.Status.ToString().ToLowerInvariant()}).");
            return state.Status == RunStatus.Diverged ? ExitCodes.Diverged : ExitCodes.Success;
        }
        var none = new Dictionary<string, string>();
        if (Resumable(run) && TrainingState.LatestCheckpointStep(run) is long step)
        {
            var failed = Path.Combine(path, FailureRecord.FileName);
            if (OwnershipMarker.IsPlainFile(failed)) File.Delete(failed);
            Console.WriteLine($"member {name}: resuming from the checkpoint at step {step}");
            return TrainCommand.Run(null, none, path, resume: true, force: false, stopAt: null, useEnvironment: false);
        }
        // Nothing to resume (never started, or died before its first checkpoint): what is there is a fragment of a
        // failed attempt (its output is kept in the sweep's logs/), so start clean — but only in a member directory the
        // tool made (marked, directly inside the sweep directory) and holding nothing but the tool's files.
        if (Directory.Exists(path))
        {
            if (Unclearable(sweep, run) is { } refusal) return ConsoleReporter.BadInput(refusal);
            Directory.Delete(path, recursive: true);
        }
        Console.WriteLine($"member {name}: starting");
        return TrainCommand.Run(null, none, path, resume: false, force: false, stopAt: null, configJson: member.Config.ToJsonString(), useEnvironment: false);
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
