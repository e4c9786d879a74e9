using System.Text.Json.Nodes;
using RealGanLab.Output;
using RealGanLab.Sweeps;
using RealGanLab.Training;

namespace RealGanLab.Tests;

/// <summary>
/// The worker's outcome record: it round-trips through its file with statuses in the tool's words, takes the last step
/// and the speed from the run directory, and the worker writes it on the paths that end before training (a member held
/// elsewhere, a name that is no member, a member train refuses) — quick worker processes that never train. The paths
/// through training are checked end to end by the sweep tests (SweepCliTests, SweepFaultTests).
/// </summary>
public class SweepWorkerOutcomeTests
{
    const string Attempt = "00ff00ff00ff00ff";

    [Fact]
    public void TheRecordRoundTripsWithItsStatusInWords()
    {
        var path = Path.Combine(CliRunner.TempDirectory(), "logs", "m.outcome-" + Attempt + ".json");
        var record = new WorkerOutcome
        {
            Attempt = Attempt, Status = RunStatus.Failed, ExitCode = 4, Cause = "could not write latest.ckpt: No space left on device; λ",
            LastStep = 1234, StepsPerSecond = 56.25, Pid = 99, At = DateTimeOffset.Parse("2026-01-02T03:04:05+01:00"),
        };

        record.Write(path);

        Assert.Equal(record, WorkerOutcome.Read(path));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("failed", (string?)json["status"]);
        Assert.Equal(4, (int)json["exitCode"]!);
        Assert.Equal(Attempt, (string?)json["attempt"]);
        Assert.Equal(["attempt", "status", "exitCode", "cause", "lastStep", "stepsPerSecond", "pid", "at"], json.AsObject().Select(p => p.Key));
        Assert.Null(WorkerOutcome.Read(path + ".missing"));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(path)!, ".*"));    // no temp file left by the atomic write
    }

    [Fact]
    public void TheRecordTakesTheLastStepAndTheSpeedFromTheRunDirectory()
    {
        var run = CliRunner.TempDirectory();
        File.WriteAllText(Path.Combine(run, "metrics.jsonl"), "{\"kind\":\"train\",\"step\":10}\n{\"kind\":\"train\",\"step\":20}\n");
        File.WriteAllText(Path.Combine(run, "summary.json"), "{\"status\":\"completed\",\"step\":20,\"stepsPerSecond\":123.4}");

        var completed = WorkerOutcome.Of(Attempt, RunStatus.Completed, 0, null, run);
        var interrupted = WorkerOutcome.Of(Attempt, RunStatus.Interrupted, 130, null, run);
        var nothing = WorkerOutcome.Of(Attempt, RunStatus.Failed, 2, "refused", Path.Combine(run, "absent"));

        Assert.Equal((20L, 123.4), (completed.LastStep, completed.StepsPerSecond));
        Assert.Equal((20L, (double?)null), (interrupted.LastStep, interrupted.StepsPerSecond));    // a speed only for a completed run
        Assert.Equal(((long?)null, (double?)null), (nothing.LastStep, nothing.StepsPerSecond));
        Assert.Equal(Environment.ProcessId, completed.Pid);
    }

    [Theory]
    [InlineData("0123456789abcdef", true)]
    [InlineData("../../etc/x", false)]
    [InlineData("ABCDEF", false)]
    [InlineData("", false)]
    public void OnlyPlainAttemptIdsBecomePartOfAPath(string attempt, bool accepted) =>
        Assert.Equal(accepted, WorkerOutcome.IsAttemptId(attempt));

    [Fact]
    public void AWorkerThatFindsItsMemberHeldWritesARunningRecordNamingTheHolder()
    {
        var sweep = NewSweep();
        using var held = FileLock.TryAcquire(sweep.Lock("s0"))!;

        var r = CliRunner.Run(sweep.Path, new Dictionary<string, string> { [WorkerOutcome.AttemptVariable] = Attempt }, "sweep-worker", sweep.Path, "s0");

        Assert.True(r.ExitCode == 75, r.Output + r.Error);
        var record = WorkerOutcome.Read(sweep.WorkerOutcome("s0", Attempt))!;
        Assert.Equal((Attempt, RunStatus.Running, 75), (record.Attempt, record.Status, record.ExitCode));
        Assert.Contains($"pid {Environment.ProcessId} ", record.Cause);
        Assert.NotEqual(Environment.ProcessId, record.Pid);
        var (outcome, _) = new MemberClassifier(sweep).Classify("s0", Attempt, r.ExitCode);
        Assert.Equal("running elsewhere", outcome.Text);
    }

    [Fact]
    public void AWorkerAskedForANameThatIsNoMemberRecordsTheBadInputMessage()
    {
        var sweep = NewSweep();

        var r = CliRunner.Run(sweep.Path, new Dictionary<string, string> { [WorkerOutcome.AttemptVariable] = Attempt }, "sweep-worker", sweep.Path, "s7");

        Assert.Equal(2, r.ExitCode);
        var record = WorkerOutcome.Read(sweep.WorkerOutcome("s7", Attempt))!;
        Assert.Equal((RunStatus.Failed, 2), (record.Status, record.ExitCode));
        Assert.EndsWith($"'s7' is not a member of the sweep in {sweep.Path}.", record.Cause);
        Assert.Contains(record.Cause!, r.Error);    // the message the user sees is the one recorded
        Assert.False(Directory.Exists(sweep.Member("s7")));
        var (outcome, cause) = new MemberClassifier(sweep).Classify("s7", Attempt, r.ExitCode);
        Assert.Equal((RunStatus.Failed, record.Cause), (outcome.Status, cause));
    }

    /// <summary>
    /// train refuses the member (a batch no machine here can hold) and returns exit code 2 after printing why: the worker
    /// records train's own exception message, and the sweep's FAILED carries exactly that — not the log's lines around it.
    /// </summary>
    [Fact]
    public void AMemberThatTrainRefusesIsRecordedWithTrainsOwnMessage()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "members": [ { "name": "huge", "game:batchSize": 10000000 } ] }""");

        var r = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--no-report");

        Assert.True(r.ExitCode == 1, r.Output + r.Error);
        var sweep = new SweepDirectory(Path.Combine(folder, "s"));
        var record = WorkerOutcome.Read(sweep.LastWorkerOutcome("huge"))!;
        Assert.Equal((RunStatus.Failed, 2), (record.Status, record.ExitCode));
        Assert.StartsWith("Invalid configuration: game:batchSize", record.Cause);
        Assert.Contains("GiB", record.Cause);
        var failure = FailureRecord.Read(sweep.Member("huge"))!;
        Assert.Equal(("failed", 2, record.Cause), (failure.Status, failure.ExitCode, failure.Cause));
        Assert.Contains("huge: failed", r.Output);
        Assert.Contains(record.Cause!, File.ReadAllText(sweep.Log("huge")));    // what the log shows, as one message
    }

    [Fact]
    public void AWorkerStartedByHandWritesNoRecord()
    {
        var sweep = NewSweep();

        var r = CliRunner.Run(sweep.Path, null, "sweep-worker", sweep.Path, "s7");

        Assert.Equal(2, r.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(sweep.Path, "logs")));
    }

    /// <summary>A sweep directory with its marker and sweep.json (members s0, s1), as 'realganlab sweep' leaves it before the first worker.</summary>
    static SweepDirectory NewSweep()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "axes": { "seed": [0, 1] } }""");
        var sweep = new SweepDirectory(Path.Combine(folder, "s"));
        Assert.Null(sweep.Adopt(SweepPlan.Load(file).ToManifest()));
        return sweep;
    }
}
