using System.Diagnostics;
using RealGanLab.Sweeps;
using Xunit.Abstractions;

namespace RealGanLab.Tests;

/// <summary>
/// The Slurm job array of a sweep, submitted to a real single-node Slurm (slurmctld + slurmd + munge on localhost,
/// started by .ci/slurm-up, which sets REALGANLAB_SLURM=1): sbatch --wait, then every member finished once, by
/// its own array task. Without a running Slurm the test says so and returns (xunit 2 has no dynamic skip).
/// </summary>
public class SlurmJobArrayTests(ITestOutputHelper output)
{
    [Fact]
    public void SweepJobArrayRunsEveryMemberOnceUnderSlurm()
    {
        if (Environment.GetEnvironmentVariable("REALGANLAB_SLURM") != "1")
        {
            output.WriteLine("Slurm is not running here (REALGANLAB_SLURM is not 1; bash .ci/slurm-up starts it as root); not tested.");
            return;
        }
        var (folder, file) = SweepTestFiles.Write("""{ "base": "base.json", "set": { "train:steps": 60 }, "axes": { "rule:name": ["simgd", "altgd"], "seed": [0, 1] } }""");
        var r = CliRunner.Run(folder, null, "sweep", file, "--out", "s", "--slurm", "job.sbatch", "--slurm-shards", "2", "--slurm-cpus", "1", "--slurm-time", "00:10:00");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);

        var start = new ProcessStartInfo("sbatch", ["--wait", Path.Combine(folder, "job.sbatch")])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("REALGANLAB_")).ToList()) start.Environment.Remove(key);
        using var sbatch = Process.Start(start)!;
        var stdout = sbatch.StandardOutput.ReadToEndAsync();
        var stderr = sbatch.StandardError.ReadToEndAsync();
        if (!sbatch.WaitForExit(TimeSpan.FromMinutes(6)))
        {
            sbatch.Kill(entireProcessTree: true);
            Process.Start("scancel", ["--name", "rgl-study"])?.WaitForExit();
            Assert.Fail("the job array did not finish in 6 minutes");
        }
        output.WriteLine(stdout.Result + stderr.Result);
        Assert.True(sbatch.ExitCode == 0, $"sbatch --wait exited {sbatch.ExitCode}: {stdout.Result}{stderr.Result}");
        var job = System.Text.RegularExpressions.Regex.Match(stdout.Result, @"Submitted batch job (\d+)").Groups[1].Value;

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
}
