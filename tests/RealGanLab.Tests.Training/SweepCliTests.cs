using System.Diagnostics;
using System.Text.Json.Nodes;
using RealGanLab.Sweeps;

namespace RealGanLab.Tests;

/// <summary>'realganlab sweep' and 'realganlab runs' as a user runs them: the smoke sweep, reruns, shards, listing, bad files, the Slurm script.</summary>
[Trait(TestTier.Category, TestTier.Slow)]
public class SweepCliTests
{
    static readonly TimeSpan Minutes5 = TimeSpan.FromMinutes(5);

    [Fact]
    public void SmokeSweepRunsEveryMemberAndARerunTouchesNothing()
    {
        var dir = CliRunner.TempDirectory();
        var file = Path.Combine(CliRunner.RepositoryRoot(), "configs", "sweeps", "smoke.json");
        var r = CliRunner.Run(dir, null, "sweep", file, "--out", "smoke", "--workers", "2");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var sweep = Path.Combine(dir, "smoke");
        var manifest = SweepManifest.Read(sweep);
        Assert.Equal(["simgd_s0", "simgd_s1", "consensus_s0", "consensus_s1"], manifest.Members.Select(m => m.Name));
        foreach (var m in manifest.Members)
        {
            var member = Path.Combine(sweep, m.Name);
            Assert.Equal("completed at step 200", SweepTestFiles.DoneText(member));
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(member, "config.json")))!["config"]!;
            Assert.Equal(m.Config.ToJsonString(), config.ToJsonString());    // the member trained exactly the manifest's config
            Assert.Equal(m.Seed, (int)SweepTestFiles.Summary(member)["seed"]!);
            Assert.True(File.Exists(Path.Combine(sweep, "logs", m.Name + ".log")));
            Assert.False(File.Exists(Path.Combine(member, FailureRecord.FileName)));
            // The worker said so itself: its outcome record, kept as the member's last.
            var record = WorkerOutcome.Read(new SweepDirectory(sweep).LastWorkerOutcome(m.Name))!;
            Assert.Equal((Training.RunStatus.Completed, 0, 200L), (record.Status, record.ExitCode, record.LastStep));
            Assert.True(record.StepsPerSecond > 0);
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(sweep, "logs"), "*.outcome-*.json"));    // every attempt's record was read
        Assert.Equal("consensus", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(sweep, "consensus_s1", "config.json")))!["config"]!["rule"]!["name"]);
        Assert.Contains("4 completed", r.Output);
        // Every member ended, so the sweep wrote its report.
        foreach (var report in new[] { "report.html", "summary.md", "summary.csv" }) Assert.True(File.Exists(Path.Combine(sweep, report)), report);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(sweep, "summary.csv")).Length);    // header + one row per member

        var runs = CliRunner.Run(dir, null, "runs", "smoke");
        Assert.Equal(0, runs.ExitCode);
        Assert.Contains("4 completed", runs.Output);
        var all = CliRunner.Run(dir, null, "runs", ".");
        Assert.Contains("smoke/consensus_s1", all.Output);

        var before = SweepTestFiles.Snapshot(sweep);
        var again = CliRunner.Run(dir, null, "sweep", file, "--out", "smoke", "--no-report");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains("4 already ended", again.Output);
        var after = SweepTestFiles.Snapshot(sweep);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (path, stamp) in before)
            if (!path.StartsWith("logs") && !path.StartsWith(".locks") && !path.StartsWith("report") && !path.StartsWith("summary."))
                Assert.True(stamp == after[path], $"{path} changed on a rerun of a finished sweep");
    }

    [Fact]
    public void ShardsSplitTheSweepAndEachMemberRunsOnce()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "set": { "train:steps": 40 }, "axes": { "rule:name": ["simgd", "altgd"], "seed": [0, 1, 2] } }""");
        // Two workers per shard: its three members in two rounds.
        var first = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--shard", "0/2", "--workers", "2");
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var names = SweepManifest.Read(Path.Combine(folder, "s")).Members.Select(m => m.Name).ToList();
        Assert.Equal(6, names.Count);
        for (int i = 0; i < names.Count; i++)
            Assert.Equal(i % 2 == 0, File.Exists(Path.Combine(folder, "s", names[i], "DONE")));
        Assert.Contains("3 of 6 members have ended", first.Output);
        var second = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--shard", "1/2", "--workers", "2");
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.All(names, n => Assert.Equal("completed at step 40", SweepTestFiles.DoneText(Path.Combine(folder, "s", n))));
        // Each member was started exactly once over the two shards.
        Assert.All(names, n => Assert.Single(File.ReadAllLines(Path.Combine(folder, "s", "logs", n + ".log")), l => l.Contains($"member {n}: starting")));
    }

    [Fact]
    public void ListShowsMembersAndStatusWithoutRunning()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "axes": { "rule:gamma": [0.1, 1], "seed": [0, 1] }, "set": { "rule:name": "consensus" } }""");
        var r = CliRunner.Run(folder, null, "sweep", file, "--list");
        Assert.Equal(0, r.ExitCode);
        foreach (var name in new[] { "gamma0.1_s0", "gamma0.1_s1", "gamma1_s0", "gamma1_s1" }) Assert.Contains(name, r.Output);
        Assert.Contains("pending", r.Output);
        Assert.False(Directory.Exists(Path.Combine(folder, "runs")));
    }

    [Fact]
    public void BadSweepFileExitsTwoAndWritesNothing()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "axes": { "rule:gama": [0.1, 1], "seed": [] } }""");
        var r = CliRunner.Run(folder, null, "sweep", file, "--out", "s");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("axes:rule:gama", r.Error);
        Assert.Contains("Did you mean 'rule:gamma'", r.Error);
        Assert.Contains("axes:seed", r.Error);
        Assert.False(Directory.Exists(Path.Combine(folder, "s")));
        Assert.Equal(2, CliRunner.Run(folder, null, "sweep", Path.Combine(folder, "nope.json")).ExitCode);
        Assert.Equal(2, CliRunner.Run(folder, null, "sweep", file.Replace("study", "base"), "--shard", "2/2").ExitCode);
        Assert.Equal(2, CliRunner.Run(folder, null, "runs", Path.Combine(folder, "nowhere")).ExitCode);
    }

    [Fact]
    public void AnotherSweepFileIsRefusedInAnExistingSweepDirectory()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "set": { "train:steps": 20 }, "axes": { "seed": [0] } }""");
        Assert.Equal(0, CliRunner.Run(folder, null, "sweep", file, "--out", "s").ExitCode);
        var changed = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--train:steps=30");
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("Finished results are never replaced", changed.Error);
        // More seeds extend the sweep; the finished member is kept.
        File.WriteAllText(file, """{ "base": "base.json", "set": { "train:steps": 20 }, "axes": { "seed": [0, 1] } }""");
        var extended = CliRunner.Run(folder, null, "sweep", file, "--out", "s");
        Assert.True(extended.ExitCode == 0, extended.Output + extended.Error);
        Assert.Contains("1 already ended", extended.Output);
        Assert.Equal(2, SweepManifest.Read(Path.Combine(folder, "s")).Members.Count);
    }

    [Fact]
    public void SlurmScriptIsAJobArrayOverShardsThatBashAccepts()
    {
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "axes": { "rule:name": ["simgd", "altgd"], "seed": [0, 1, 2] } }""");
        var r = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--slurm", "job.sbatch", "--slurm-shards", "3", "--slurm-gpus", "1", "--slurm-time", "01:30:00", "--train:steps=30");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var script = File.ReadAllText(Path.Combine(folder, "job.sbatch"));
        Assert.StartsWith("#!/bin/bash", script);
        foreach (var line in new[] { "#SBATCH --array=0-2", "#SBATCH --gres=gpu:1", "#SBATCH --time=01:30:00", "#SBATCH --requeue", "#SBATCH --signal=B:TERM@120", "scontrol requeue" })
            Assert.Contains(line, script);
        Assert.Contains("--shard \"$shard\"", script);
        Assert.Contains("shard=\"${SLURM_ARRAY_TASK_ID:-0}/3\"", script);
        Assert.Contains("--train:steps=30", script);
        Assert.True(SweepManifest.Exists(Path.Combine(folder, "s")));    // written now, so the shards agree on the members
        Assert.Equal(30, (int)SweepManifest.Read(Path.Combine(folder, "s")).Members[0].Config["train"]!["steps"]!);
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", Path.Combine(folder, "job.sbatch")]) { RedirectStandardError = true })!;
        var error = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, error);
    }
}
