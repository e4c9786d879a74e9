using RealGanLab.Training;
using RealGanLab.Checkpoints;
using RealGanLab.Native;
using RealGanLab.Sweeps;

namespace RealGanLab.Tests;

/// <summary>
/// The sweep's fault tests: a worker killed with SIGKILL in the middle of a member, members that diverge or abort,
/// two sweep processes over one directory, and a sweep stopped by SIGTERM whose member's latest checkpoint is
/// then corrupted. Every test uses real worker processes.
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class SweepFaultTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task WorkerKilledMidMemberResumesFromItsCheckpointAndOtherMembersAreUntouched()
    {
        // "long" runs 400 steps (seconds); "short" 200. Two workers, so both start at once.
        var (folder, file) = SweepTestFiles.Write("""
            { "base": "base.json", "members": [ { "name": "long", "train:steps": 400 }, { "name": "short", "seed": 1 } ] }
            """);
        var sweep = Path.Combine(folder, "s");
        int exit;
        using (var run = new CliProcess(folder, null, "sweep", file, "--out", "s", "--workers", "2", "--no-report"))
        {
            CliProcess.WaitUntil(() => SweepTestFiles.LoggedStep(Path.Combine(sweep, "long")) >= 100, Limit, "the long member to pass step 100", run);
            PosixSignals.Send(SweepTestFiles.WorkerPid(sweep, "long"), 9);
            exit = run.Wait(Limit);
            Assert.Contains("long: crashed", run.Output);
        }
        Assert.Equal(1, exit);
        var failure = FailureRecord.Read(Path.Combine(sweep, "long"))!;
        Assert.Equal("crashed", failure.Status);
        Assert.Equal("SIGKILL", failure.Signal);
        Assert.Equal(RunStatus.Crashed, RunState.Read(Path.Combine(sweep, "long")).Status);
        Assert.Equal("completed at step 200", SweepTestFiles.DoneText(Path.Combine(sweep, "short")));
        var killedAt = CheckpointReaderStep(Path.Combine(sweep, "long"));
        Assert.InRange(killedAt, 50, 350);    // a checkpoint every 50 steps; the kill came after step 100 was logged, before step 400

        var shortBefore = SweepTestFiles.Snapshot(Path.Combine(sweep, "short"));
        // An uninterrupted run of the member's config (one thread, like the workers), alongside the rerun.
        var referenceRun = CliRunner.RunAsync(folder, new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1", ["MKL_NUM_THREADS"] = "1" },
            "train", "--config", "base.json", "--train:steps=400", "--out", "reference");
        var rerun = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--workers", "2", "--no-report");
        Assert.True(rerun.ExitCode == 0, rerun.Output + rerun.Error);
        Assert.Equal(shortBefore, SweepTestFiles.Snapshot(Path.Combine(sweep, "short")));
        var log = File.ReadAllText(Path.Combine(sweep, "logs", "long.log"));
        Assert.Contains($"member long: resuming from the checkpoint at step {killedAt}", log);
        Assert.Equal("completed at step 400", SweepTestFiles.DoneText(Path.Combine(sweep, "long")));
        Assert.False(File.Exists(Path.Combine(sweep, "long", FailureRecord.FileName)));
        var steps = SweepTestFiles.TrainSteps(Path.Combine(sweep, "long"));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => 10L * i), steps);    // every step logged once, none twice

        // The resumed member ends exactly where an uninterrupted run of its config ends (the MLP game is
        // bitwise reproducible on CPU with the workers' one thread each).
        var reference = await referenceRun;
        Assert.True(reference.ExitCode == 0, reference.Output + reference.Error);
        Assert.Equal(SweepTestFiles.Summary(Path.Combine(folder, "reference"))["final"]!.ToJsonString(),
            SweepTestFiles.Summary(Path.Combine(sweep, "long"))["final"]!.ToJsonString());
    }

    [Fact]
    public void DivergedAndAbortedMembersAreRecordedAndTheRestComplete()
    {
        var (folder, file) = SweepTestFiles.Write("""
            {
              "base": "base.json",
              "members": [
                { "name": "fine" },
                { "name": "diverges", "optimizer:name": "sgd", "optimizer:lr": 1e8 },
                { "name": "aborts", "seed": 2 },
                { "name": "also-fine", "seed": 3 }
              ]
            }
            """);
        var sweep = Path.Combine(folder, "s");
        var fault = new Dictionary<string, string> { ["REALGANLAB_FAULT"] = "abort-at-step=120;run=aborts" };
        // Two workers: the four members take two rounds, and a failed member does not hold up the other worker.
        var r = CliRunner.Run(folder, fault, "sweep", file, "--out", "s", "--workers", "2", "--no-report");
        Assert.True(r.ExitCode == 1, r.Output + r.Error);
        Assert.Equal("completed at step 200", SweepTestFiles.DoneText(Path.Combine(sweep, "fine")));
        Assert.Equal("completed at step 200", SweepTestFiles.DoneText(Path.Combine(sweep, "also-fine")));
        Assert.StartsWith("diverged at step", SweepTestFiles.DoneText(Path.Combine(sweep, "diverges")));
        Assert.Equal(RunStatus.Diverged, RunState.Read(Path.Combine(sweep, "diverges")).Status);
        var aborted = FailureRecord.Read(Path.Combine(sweep, "aborts"))!;
        Assert.Equal("crashed", aborted.Status);
        Assert.Equal("SIGABRT", aborted.Signal);
        Assert.Equal(134, aborted.ExitCode);
        Assert.Contains("injected abort", aborted.Cause);
        Assert.Equal("logs/aborts.log", aborted.Log);
        // The diverged member's worker said why; the aborted one died before it could write a record (classified from its log).
        var directory = new SweepDirectory(sweep);
        var diverged = WorkerOutcome.Read(directory.LastWorkerOutcome("diverges"))!;
        Assert.Equal((RunStatus.Diverged, 3), (diverged.Status, diverged.ExitCode));
        Assert.Equal(RunState.Read(Path.Combine(sweep, "diverges")).Detail, diverged.Cause);
        Assert.False(File.Exists(directory.LastWorkerOutcome("aborts")));

        var runs = CliRunner.Run(folder, null, "runs", "s");
        Assert.Contains("2 completed, 1 diverged, 1 crashed", runs.Output);

        // Without the fault the next sweep resumes the aborted member from its checkpoint; the diverged one is a result and stays.
        var again = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--no-report");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains("3 already ended", again.Output);
        Assert.Contains("member aborts: resuming from the checkpoint at step 100", File.ReadAllText(Path.Combine(sweep, "logs", "aborts.log")));
        Assert.Equal("completed at step 200", SweepTestFiles.DoneText(Path.Combine(sweep, "aborts")));
    }

    [Fact]
    public void TwoSweepProcessesOverOneDirectoryRunEveryMemberExactlyOnce()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "set": { "train:steps": 50 }, "axes": { "seed": [0, 1, 2, 3, 4] } }""");
        int a, b;
        string outputA, outputB;
        using (var first = new CliProcess(folder, null, "sweep", file, "--out", "s", "--no-report"))
        using (var second = new CliProcess(folder, null, "sweep", file, "--out", "s", "--no-report"))
        {
            a = first.Wait(Limit);
            b = second.Wait(Limit);
            (outputA, outputB) = (first.Output, second.Output);
        }
        Assert.True(a == 0 && b == 0, outputA + outputB);
        foreach (var seed in Enumerable.Range(0, 5))
        {
            var name = $"s{seed}";
            var member = Path.Combine(folder, "s", name);
            Assert.Equal("completed at step 50", SweepTestFiles.DoneText(member));
            var log = File.ReadAllLines(Path.Combine(folder, "s", "logs", name + ".log"));
            Assert.Single(log, l => l.Contains($"member {name}: starting"));
            Assert.DoesNotContain(log, l => l.Contains("resuming"));
            var steps = SweepTestFiles.TrainSteps(member);
            Assert.Equal(steps.Distinct().Count(), steps.Count);
            Assert.Equal(5, steps.Count);
        }
    }

    [Fact]
    public void InterruptedSweepWithACorruptedLatestCheckpointResumesFromTheOneBefore()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "members": [ { "name": "m", "train:steps": 600 } ] }""");
        var member = Path.Combine(folder, "s", "m");
        int exit;
        using (var run = new CliProcess(folder, null, "sweep", file, "--out", "s", "--no-report"))
        {
            CliProcess.WaitUntil(() => SweepTestFiles.LoggedStep(member) >= 150, Limit, "step 150", run);
            PosixSignals.Send(run.Id, PosixSignals.SIGTERM);
            exit = run.Wait(Limit);
            Assert.Contains("m: interrupted", run.Output);
        }
        Assert.Equal(130, exit);
        var state = RunState.Read(member);
        Assert.Equal(RunStatus.Interrupted, state.Status);
        Assert.True(state.HasCheckpoint);
        var latest = Path.Combine(member, "checkpoints", "latest.ckpt");
        var stoppedAt = CheckpointReaderStep(member);
        var bytes = File.ReadAllBytes(latest);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(latest, bytes);

        var again = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--no-report");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        var log = File.ReadAllText(Path.Combine(folder, "s", "logs", "m.log"));
        Assert.Contains("skipped checkpoint", log);
        Assert.Contains("latest.ckpt", log);
        var resumedAt = long.Parse(System.Text.RegularExpressions.Regex.Match(log, @"member m: resuming from the checkpoint at step (\d+)").Groups[1].Value);
        Assert.InRange(resumedAt, stoppedAt - 100, stoppedAt);    // a checkpoint before the damaged one (or one of the same step)
        Assert.Equal("completed at step 600", SweepTestFiles.DoneText(member));
        Assert.Equal(60, SweepTestFiles.TrainSteps(member).Distinct().Count());
    }

    [Fact]
    public void RetriesRunAFailedMemberAgainAtOnceAndTheLogKeepsEveryAttempt()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "members": [ { "name": "flaky" } ] }""");
        var fault = new Dictionary<string, string> { ["REALGANLAB_FAULT"] = "abort-at-step=60" };
        var r = CliRunner.Run(folder, fault, "sweep", file, "--out", "s", "--retries", "1", "--no-report");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("flaky: crashed", r.Output);
        Assert.Contains("retrying (1/1)", r.Output);
        var log = File.ReadAllLines(Path.Combine(folder, "s", "logs", "flaky.log"));
        Assert.Equal(2, log.Count(l => l.StartsWith("==== attempt")));
        Assert.Contains(log, l => l.Contains("member flaky: resuming from the checkpoint at step 50"));    // the retry resumed
        Assert.Equal("crashed", FailureRecord.Read(Path.Combine(folder, "s", "flaky"))!.Status);
    }

    /// <summary>
    /// The member "slow" hangs at step 20 (the test hook, after its first checkpoint), so the limit stops it at a known
    /// place however loaded the machine is; the limit (20 s) only has to outlast the start of a process and 40 steps
    /// of "quick" (and "slow"'s first 20), which take under 2 s here alone.
    /// </summary>
    [Fact]
    public void AMemberPastItsTimeLimitIsStoppedWithACheckpointAndRecorded()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "members": [ { "name": "slow", "train:steps": 100000 }, { "name": "quick", "seed": 1, "train:steps": 40 } ] }""");
        var hang = new Dictionary<string, string> { ["REALGANLAB_FAULT"] = "hang-at-step=20;run=slow" };
        var r = CliRunner.Run(folder, hang, "sweep", file, "--out", "s", "--workers", "2", "--member-time-limit", "20s", "--no-report");
        Assert.True(r.ExitCode == 1, r.Output + r.Error);
        var failure = FailureRecord.Read(Path.Combine(folder, "s", "slow"))!;
        Assert.Equal("failed", failure.Status);
        Assert.Equal(130, failure.ExitCode);                                   // it stopped as on SIGTERM …
        Assert.Contains("exceeded the member time limit", r.Output);
        Assert.Contains("exceeded the member time limit of 00:00:20", failure.Cause);
        Assert.Equal(20, CheckpointReaderStep(Path.Combine(folder, "s", "slow")));    // … with a checkpoint where it hung
        var stopped = WorkerOutcome.Read(new SweepDirectory(Path.Combine(folder, "s")).LastWorkerOutcome("slow"))!;
        Assert.Equal((RunStatus.Interrupted, 130, 20L), (stopped.Status, stopped.ExitCode, stopped.LastStep));
        Assert.Equal("completed at step 40", SweepTestFiles.DoneText(Path.Combine(folder, "s", "quick")));
        Assert.Equal(2, CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--member-time-limit", "soon").ExitCode);
    }

    /// <summary>The step stored in a run's latest readable checkpoint.</summary>
    static long CheckpointReaderStep(string member) =>
        Training.TrainingState.LatestCheckpointStep(new Training.RunDirectory(member)) ?? throw new InvalidOperationException("no checkpoint");
}
