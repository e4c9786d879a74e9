using RealGanLab.Sweeps;
using RealGanLab.Training;

namespace RealGanLab.Tests;

/// <summary>
/// How the sweep classifies a finished worker (<see cref="MemberClassifier"/>), without worker processes: from the
/// worker's outcome record alone — no log and no run directory exist, so nothing else could have told — for every
/// status a worker writes; a record of another attempt, a record whose exit code is not the process's and a damaged
/// record are not trusted; and a worker that died without a record (a native abort, kill -9) is classified by the
/// fallback from its exit code and its log.
/// </summary>
public class SweepMemberClassifierTests
{
    const string Member = "m";
    const string Attempt = "0123456789abcdef";

    static SweepDirectory NewSweep()
    {
        var sweep = new SweepDirectory(CliRunner.TempDirectory());
        Directory.CreateDirectory(Path.Combine(sweep.Path, "logs"));
        return sweep;
    }

    static WorkerOutcome Record(RunStatus status, int code, string? cause = null, double? speed = null, string attempt = Attempt) => new()
    {
        Attempt = attempt, Status = status, ExitCode = code, Cause = cause, LastStep = 120, StepsPerSecond = speed, Pid = 4242,
        At = DateTimeOffset.Parse("2026-01-02T03:04:05+00:00"),
    };

    public static TheoryData<RunStatus, int, string?, string> RecordCases => new()
    {
        // status written, exit code, cause written, the outcome's status / detail as the sweep reports them
        { RunStatus.Completed, 0, null, "completed|87.5 steps/s" },
        { RunStatus.Diverged, 3, "NaN in the generator's loss at step 7", "diverged|NaN in the generator's loss at step 7" },
        { RunStatus.Interrupted, 130, null, "interrupted|checkpoint saved; the next sweep resumes it" },
        { RunStatus.Running, 75, "pid 77 on node3 since 2026-01-02T03:00:00+00:00", "running|pid 77 on node3 since 2026-01-02T03:00:00+00:00" },
        { RunStatus.Failed, 2, "'s/m' holds files realganlab did not write: notes.txt", "failed|exit code 2: 's/m' holds files realganlab did not write: notes.txt" },
        { RunStatus.Failed, 4, "could not write s/m/checkpoints/latest.ckpt: No space left on device",
            "failed|a write failed (disk full?); its previous checkpoint is intact: free space and rerun the sweep. could not write s/m/checkpoints/latest.ckpt: No space left on device" },
        { RunStatus.Failed, 1, "Object reference not set to an instance of an object.", "failed|exit code 1: Object reference not set to an instance of an object." },
        { RunStatus.Failed, 0, "training returned success but the run is interrupted", "failed|exit code 0: training returned success but the run is interrupted" },
    };

    [Theory]
    [MemberData(nameof(RecordCases))]
    public void EveryStatusIsTakenFromTheRecordWithoutALog(RunStatus status, int code, string? cause, string expected)
    {
        var sweep = NewSweep();
        Record(status, code, cause, speed: status == RunStatus.Completed ? 87.5 : null).Write(sweep.WorkerOutcome(Member, Attempt));

        var (outcome, recorded) = new MemberClassifier(sweep).Classify(Member, Attempt, code);

        var parts = expected.Split('|');
        Assert.Equal(parts[0], outcome.Status.ToString().ToLowerInvariant());
        Assert.Equal(parts[1], outcome.Detail);
        Assert.Equal(code, outcome.ExitCode);
        if (cause is not null) Assert.Equal(cause, recorded);    // FAILED's cause is the worker's own message
        Assert.False(File.Exists(sweep.Log(Member)));
        Assert.False(Directory.Exists(sweep.Member(Member)));
        // Read once: the attempt's file is gone, kept as the member's last outcome unless it only said "held elsewhere".
        Assert.False(File.Exists(sweep.WorkerOutcome(Member, Attempt)));
        Assert.Equal(status != RunStatus.Running, File.Exists(sweep.LastWorkerOutcome(Member)));
    }

    [Fact]
    public void ARecordOfAnEarlierAttemptIsNotRead()
    {
        var sweep = NewSweep();
        // The earlier attempt completed; this one exited 0 without a record, and its member has no DONE.
        Record(RunStatus.Completed, 0, speed: 90, attempt: "aaaaaaaaaaaaaaaa").Write(sweep.WorkerOutcome(Member, "aaaaaaaaaaaaaaaa"));
        File.Copy(sweep.WorkerOutcome(Member, "aaaaaaaaaaaaaaaa"), sweep.LastWorkerOutcome(Member));

        var (outcome, _) = new MemberClassifier(sweep).Classify(Member, Attempt, 0);

        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.Equal("the worker exited 0 but the run is pending: no log", outcome.Detail);
    }

    [Fact]
    public void ARecordWhoseAttemptIdDiffersIsNotTrustedAndIsRemoved()
    {
        var sweep = NewSweep();
        var path = sweep.WorkerOutcome(Member, Attempt);
        Record(RunStatus.Completed, 0, speed: 90, attempt: "bbbbbbbbbbbbbbbb").Write(path);

        var (outcome, _) = new MemberClassifier(sweep).Classify(Member, Attempt, 0);

        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(sweep.LastWorkerOutcome(Member)));
    }

    [Fact]
    public void AWorkerKilledAfterWritingItsRecordIsClassifiedByItsExitCode()
    {
        var sweep = NewSweep();
        Record(RunStatus.Completed, 0, speed: 90).Write(sweep.WorkerOutcome(Member, Attempt));

        var (outcome, cause) = new MemberClassifier(sweep).Classify(Member, Attempt, 128 + 9);

        Assert.Equal(RunStatus.Crashed, outcome.Status);
        Assert.Equal("SIGKILL: no log", outcome.Detail);
        Assert.Equal("no log", cause);
    }

    [Theory]
    [InlineData("{ \"attempt\": \"0123456789abcdef\", \"status\": \"compl")]
    [InlineData("{ \"attempt\": \"0123456789abcdef\", \"status\": \"crashed\", \"exitCode\": 1, \"at\": \"2026-01-02T03:04:05+00:00\" }")]
    [InlineData("{ \"attempt\": \"0123456789abcdef\", \"status\": \"completed\", \"at\": \"2026-01-02T03:04:05+00:00\" }")]
    public void ADamagedRecordOrOneNoWorkerWritesFallsBack(string json)
    {
        var sweep = NewSweep();
        File.WriteAllText(sweep.WorkerOutcome(Member, Attempt), json);

        var (outcome, _) = new MemberClassifier(sweep).Classify(Member, Attempt, 1);

        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.Equal("exit code 1: no log", outcome.Detail);
    }

    [Fact]
    public void AWorkerThatAbortedWithoutARecordIsCrashedWithTheCauseFromItsLog()
    {
        var sweep = NewSweep();
        File.WriteAllLines(sweep.Log(Member),
        [
            "==== attempt 1 of m · 2026-01-02 03:04:05 +00:00 · worker 0 of sweep pid 1 ====",
            "error: an earlier attempt's error, not this one's",
            "==== attempt 2 of m · 2026-01-02 03:05:05 +00:00 · worker 0 of sweep pid 1 ====",
            "member m: resuming from the checkpoint at step 100",
            "step 110",
            "REALGANLAB_FAULT: injected abort at step 120",
            "Process terminated. injected abort",
        ]);

        var (outcome, cause) = new MemberClassifier(sweep).Classify(Member, Attempt, 134);

        Assert.Equal(RunStatus.Crashed, outcome.Status);
        Assert.Equal(134, outcome.ExitCode);
        Assert.Equal("REALGANLAB_FAULT: injected abort at step 120 | Process terminated. injected abort", cause);
        Assert.Equal("SIGABRT: " + cause, outcome.Detail);
        Assert.True(outcome.IsFailure);
    }

    [Fact]
    public void AWorkerThatExitedWithoutARecordAndWithoutErrorLinesIsDescribedByItsLastLines()
    {
        var sweep = NewSweep();
        File.WriteAllLines(sweep.Log(Member), ["==== attempt 1 of m ====", "member m: starting", "step 10", "step 20", "step 30"]);

        var (outcome, _) = new MemberClassifier(sweep).Classify(Member, Attempt, 7);

        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.Equal("exit code 7: step 10 | step 20 | step 30", outcome.Detail);
    }

    [Fact]
    public void OutcomesReadAsBeforeInTheSweepsTables()
    {
        Assert.Equal("already ended", new MemberOutcome("a", RunStatus.Diverged, AlreadyEnded: true).Text);
        Assert.Equal("running elsewhere", new MemberOutcome("a", RunStatus.Running).Text);
        Assert.Equal("not started", new MemberOutcome("a", RunStatus.Pending).Text);
        Assert.Equal("crashed", new MemberOutcome("a", RunStatus.Crashed).Text);
        Assert.False(new MemberOutcome("a", RunStatus.Completed, AlreadyEnded: true).IsFailure);
        Assert.True(new MemberOutcome("a", RunStatus.Failed).IsFailure);
    }
}
