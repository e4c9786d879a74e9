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
        var sweep = new SweepDirectory(directory);
        // The manifest is read before the member's lock is taken: a refused manifest leaves no lock file behind.
        SweepManifestMember member;
        try
        {
            member = SweepManifest.Read(sweep.Path).Member(name)
                ?? throw new ConfigException("MEMBER", $"'{name}' is not a member of the sweep in {sweep.Path}.");
        }
        catch (ConfigException e)
        {
            return ConsoleReporter.BadInput(e);
        }
        using var held = FileLock.TryAcquire(sweep.Lock(name));
        if (held is null)
        {
            Console.WriteLine($"member {name} is being run by {FileLock.Owner(sweep.Lock(name)) ?? "another process"}; leaving it.");
            return ExitCodes.MemberBusy;
        }
        var path = sweep.Member(name);
        var run = new RunDirectory(path);
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
            return state.Status == RunStatusKind.Diverged ? ExitCodes.Diverged : ExitCodes.Success;
        }
        if (Directory.Exists(path)) File.Delete(Path.Combine(path, FailureRecord.FileName));
        var none = new Dictionary<string, string>();
        if (File.Exists(run.Config) && Trainer.LatestCheckpointStep(run) is long step)
        {
            Console.WriteLine($"member {name}: resuming from the checkpoint at step {step}");
            return TrainCommand.Run(null, none, path, resume: true, force: false, stopAt: null, useEnvironment: false);
        }
        // Nothing to resume (never started, or died before its first checkpoint): whatever is there is a
        // fragment of a failed attempt (its output is kept in the sweep's logs/), so start clean.
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        Console.WriteLine($"member {name}: starting");
        return TrainCommand.Run(null, none, path, resume: false, force: false, stopAt: null, configJson: member.Config.ToJsonString(), useEnvironment: false);
    }
}
