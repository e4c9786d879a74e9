using System.Diagnostics;
using RealGanLab.Sweeps;
using Xunit.Abstractions;

namespace RealGanLab.Tests;

/// <summary>
/// The Slurm job array of a sweep, submitted to a real single-node Slurm (slurmctld + slurmd + munge on localhost,
/// started by .ci/slurm-up, which sets REALGANLAB_SLURM=1): sbatch --wait, then every member finished once, by
/// its own array task. Without a running Slurm the tests report skipped (failed where REALGANLAB_REQUIRE_SLURM=1).
/// </summary>
[Trait(TestTier.Category, TestTier.Slow)]
public class SlurmJobArrayTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void SweepJobArrayRunsEveryMemberOnceUnderSlurm()
    {
        RequireSlurm();
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "set": { "train:steps": 60 }, "axes": { "rule:name": ["simgd", "altgd"], "seed": [0, 1] } }""");
        var r = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--slurm", "job.sbatch", "--slurm-shards", "2", "--slurm-cpus", "1", "--slurm-time", "00:10:00");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);

        // 'timeout' bounds the wait; 124 means the array did not finish in 6 minutes.
        var (code, text) = Run("timeout", folder, "360", "sbatch", "--wait", Path.Combine(folder, "job.sbatch"));
        output.WriteLine(text);
        if (code == 124) Run("scancel", folder, "--name", "rgl-study");
        Assert.True(code == 0, $"sbatch --wait exited {code}: {text}");
        var job = System.Text.RegularExpressions.Regex.Match(text, @"Submitted batch job (\d+)").Groups[1].Value;

        var sweep = Path.Combine(folder, "s");
        var names = SweepManifest.Read(sweep).Members.Select(m => m.Name).ToList();
        Assert.Equal(4, names.Count);
        foreach (var name in names)
        {
            Assert.Equal("completed at step 60", SweepTestFiles.DoneText(Path.Combine(sweep, name)));
            Assert.Single(File.ReadAllLines(Path.Combine(sweep, "logs", name + ".log")), l => l.Contains($"member {name}: starting"));
        }
        // One array task per shard, each with its own log, each running its half of the members.
        for (int task = 0; task < 2; task++)
        {
            var log = File.ReadAllText(Path.Combine(sweep, "logs", $"slurm-{job}_{task}.out"));
            Assert.Contains($"shard {task}/2", log);
            Assert.Contains("2 members in shard", log);
            foreach (var name in names.Where((_, i) => i % 2 == task)) Assert.Contains($"{name}: completed", log);
        }
        Assert.True(File.Exists(Path.Combine(sweep, "report.html")));    // the shard that finished last wrote the report
    }

    /// <summary>
    /// Preemption / time limit: Slurm sends SIGTERM to the batch shell (what --signal=B:TERM@120 does before the
    /// limit); the script passes it on, the worker checkpoints, the task requeues itself, and the requeued task
    /// resumes the member from its checkpoint. Slurm holds a requeued job for its credential lifetime before it starts
    /// again (default 120 s; .ci/slurm-up sets AuthInfo=cred_expire=10). Moving its begin time to now instead does not
    /// work: the restarted job is killed at once ("Job credential revoked").
    /// </summary>
    [SkippableFact]
    public void SigtermToTheBatchShellCheckpointsRequeuesAndResumes()
    {
        RequireSlurm();
        var (folder, file) = SweepTestFiles.Write("""{ "name": "requeue", "base": "base.json", "members": [ { "name": "m", "train:steps": 1000 } ] }""");
        var r = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--slurm", "job.sbatch", "--slurm-shards", "1", "--slurm-cpus", "1", "--slurm-time", "00:10:00");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var submitted = Command("sbatch", folder, Path.Combine(folder, "job.sbatch"));
        var job = System.Text.RegularExpressions.Regex.Match(submitted, @"Submitted batch job (\d+)").Groups[1].Value;
        Assert.NotEmpty(job);
        var member = Path.Combine(folder, "s", "m");
        try
        {
            // The bounds are generous: they only end a test that would otherwise hang.
            CliProcess.WaitUntil(() => SweepTestFiles.LoggedStep(member) >= 150, TimeSpan.FromMinutes(10), "the member to pass step 150 under Slurm");
            Command("scancel", folder, "--batch", "--signal=TERM", job);
            CliProcess.WaitUntil(() => File.Exists(Path.Combine(member, "DONE")), TimeSpan.FromMinutes(15), "the requeued job to finish the member");
        }
        finally
        {
            // A finished member's job ends by itself: let it. Otherwise SIGKILL first (a plain scancel sends SIGTERM,
            // on which the batch script requeues the job), then cancel whatever is still queued.
            bool InQueue() => Command("squeue", folder, "-h", "-o", "%A").Split('\n').Any(l => l.Trim() == job);
            if (!File.Exists(Path.Combine(member, "DONE"))) Command("scancel", folder, "--full", "--signal=KILL", job);
            try { CliProcess.WaitUntil(() => !InQueue(), TimeSpan.FromMinutes(1), "the job to leave the queue"); }
            catch (TimeoutException) { Command("scancel", folder, job); }
        }
        Assert.Equal("completed at step 1000", SweepTestFiles.DoneText(member));
        var slurmLog = File.ReadAllText(Path.Combine(folder, "s", "logs", $"slurm-{job}_0.out"));
        Assert.Contains("m: interrupted", slurmLog);
        Assert.Contains($"requeueing {job}", slurmLog);
        Assert.Contains("(restart 1)", slurmLog);
        Assert.Contains("member m: resuming from the checkpoint at step", File.ReadAllText(Path.Combine(folder, "s", "logs", "m.log")));
        Assert.Equal(100, SweepTestFiles.TrainSteps(member).Distinct().Count());
    }

    static string Command(string program, string folder, params string[] args) => Run(program, folder, args).Output;

    static (int Code, string Output) Run(string program, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("REALGANLAB_")).ToList()) start.Environment.Remove(key);
        using var p = Process.Start(start)!;
        var error = new System.Text.StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        lock (error) return (p.ExitCode, text + error);
    }

    static void RequireSlurm() => RequiredTool.SkipUnless(Environment.GetEnvironmentVariable("REALGANLAB_SLURM") == "1",
        "REALGANLAB_REQUIRE_SLURM", "Slurm is not running here (REALGANLAB_SLURM is not 1; bash .ci/slurm-up starts it as root)");
}
