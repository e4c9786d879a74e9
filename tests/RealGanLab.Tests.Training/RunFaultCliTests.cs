using System.Diagnostics;
using System.Text.Json.Nodes;
using RealGanLab.Checkpoints;
using RealGanLab.Output;
using Xunit.Abstractions;

namespace RealGanLab.Tests;

/// <summary>
/// 'realganlab train' under the faults of a long run (docs/faults.md): a damaged latest checkpoint, a disk that
/// fills up at a checkpoint, a second process on the same run directory, and a native abort mid-training.
/// Each ends with a run that resumes and completes.
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class RunFaultCliTests(ITestOutputHelper output)
{
    /// <summary>Small players (under 100 parameters): these tests are about the run directory, not the numbers.</summary>
    static readonly string[] Tiny =
    [
        "--generator:latent=2", "--generator:hiddenLayers=1", "--generator:width=8", "--discriminator:hiddenLayers=1", "--discriminator:width=8",
        "--game:batchSize=32", "--probe:batchSize=64", "--train:evalSamples=500",
    ];

    static CliRunner.Result Train(string dir, params string[] args) => CliRunner.Run(dir, null, ["train", .. Tiny, .. args]);

    static long StepOf(string checkpoint) => (long)JsonNode.Parse(CheckpointReader.Open(checkpoint).ReadJson("state"))!["step"]!;

    [Theory]
    // latest.ckpt (step 200) damaged: previous.ckpt (step 150) is the fallback.
    [InlineData("latest.ckpt", 150)]
    // Every file from step 200 and 150 damaged: back to the numbered step 100, and the log is cut back to it.
    [InlineData("latest.ckpt previous.ckpt step_000000200.ckpt", 100)]
    public void ResumeSkipsADamagedCheckpointWithAWarningAndEndsLikeAnUninterruptedRun(string damaged, long resumedAt)
    {
        var dir = CliRunner.TempDirectory();
        var config = Path.Combine(CliRunner.RepositoryRoot(), "configs", "ring-simgd.json");
        string[] settings = ["--config", config, "--seed", "3", "--train:steps=300", "--train:checkpointEvery=50", "--train:keepEvery=100",
            "--train:stepsPerEpoch=100", "--train:logEvery=25", "--train:probeEvery=150"];
        var whole = Train(dir, [.. settings, "--out", "whole"]);
        Assert.True(whole.ExitCode == 0, whole.Error + whole.Output);

        var first = Train(dir, [.. settings, "--out", "parts", "--stop-at", "200"]);
        Assert.True(first.ExitCode == 130, first.Error + first.Output);
        var checkpoints = Path.Combine(dir, "parts", "checkpoints");
        Assert.Equal(200, StepOf(Path.Combine(checkpoints, "latest.ckpt")));
        Assert.Equal(150, StepOf(Path.Combine(checkpoints, "previous.ckpt")));
        var files = damaged.Split(' ').Select(f => Path.Combine(checkpoints, f)).ToList();
        files.ForEach(RunFiles.Corrupt);

        var resumed = CliRunner.Run(dir, null, "train", "--out", "parts", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Output);
        foreach (var file in files) Assert.Contains($"warning: skipped checkpoint {file}: ", resumed.Error);
        Assert.Contains("checksum mismatch", resumed.Error);
        Assert.Contains($"resuming at step {resumedAt}", resumed.Output);
        Assert.True(File.Exists(Path.Combine(dir, "parts", "DONE")));

        // The lines the first process logged after the fallback checkpoint were dropped and logged again, identically.
        Assert.Equal(RunFiles.Comparable(Path.Combine(dir, "whole", "metrics.jsonl")), RunFiles.Comparable(Path.Combine(dir, "parts", "metrics.jsonl")));
        Assert.Equal(RunFiles.Comparable(Path.Combine(dir, "whole", "probe.jsonl")), RunFiles.Comparable(Path.Combine(dir, "parts", "probe.jsonl")));
        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "whole", "summary.json")))!["final"]!.ToJsonString();
        var b = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "parts", "summary.json")))!["final"]!.ToJsonString();
        Assert.Equal(a, b);
    }

    [Fact]
    public void AnInjectedAbortKillsTheProcessWithSigabrtAndTheRunResumes()
    {
        var dir = CliRunner.TempDirectory();
        string[] settings = ["--train:steps=60", "--train:checkpointEvery=10", "--train:logEvery=10", "--train:probeEvery=0", "--train:stepsPerEpoch=20"];
        var name = "aborting-" + Guid.NewGuid().ToString("N")[..6];
        var env = new Dictionary<string, string> { ["REALGANLAB_FAULT"] = $"abort-at-step=25;run={name}" };
        var crashed = CliRunner.Run(dir, env, ["train", .. Tiny, .. settings, "--out", name]);
        Assert.True(crashed.ExitCode == 134, $"exit {crashed.ExitCode}: {crashed.Error}{crashed.Output}");
        Assert.Contains("REALGANLAB_FAULT: injected abort at step 25", crashed.Error);
        var run = Path.Combine(dir, name);
        Assert.Equal(20, StepOf(Path.Combine(run, "checkpoints", "latest.ckpt")));
        Assert.False(File.Exists(Path.Combine(run, "DONE")));
        Assert.False(File.Exists(Path.Combine(run, "summary.json")));
        // The kernel released the run lock with the process.
        Assert.False(FileLock.IsHeld(Path.Combine(run, ".lock")));

        var resumed = CliRunner.Run(dir, null, "train", "--out", name, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Output);
        Assert.Contains("resuming at step 20", resumed.Output);
        Assert.Equal("completed at step 60", File.ReadAllText(Path.Combine(run, "DONE")).Trim());
    }

    [Fact]
    public async Task ASecondTrainOnALockedRunIsRefusedAndTheFirstEndsResumable()
    {
        var dir = CliRunner.TempDirectory();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("REALGANLAB_")).ToList()) start.Environment.Remove(key);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "realganlab.dll"));
        foreach (var a in (string[])["train", .. Tiny, "--train:steps=1000000", "--train:probeEvery=0", "--train:logEvery=10",
                     "--train:checkpointEvery=10", "--optimizer:decay=none", "--out", "run"])
            start.ArgumentList.Add(a);
        using var first = Process.Start(start)!;
        var firstOutput = first.StandardOutput.ReadToEndAsync();
        var firstError = first.StandardError.ReadToEndAsync();
        try
        {
            var metrics = Path.Combine(dir, "run", "metrics.jsonl");
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while ((!File.Exists(metrics) || File.ReadAllLines(metrics).Length < 2) && DateTime.UtcNow < deadline && !first.HasExited) await Task.Delay(100);
            Assert.False(first.HasExited, "the first run ended before the second started");

            var expected = $"'run' is being trained by pid {first.Id} on {Environment.MachineName} since ";
            var second = CliRunner.Run(dir, null, "train", "--out", "run", "--resume");
            Assert.True(second.ExitCode == 2, $"exit {second.ExitCode}: {second.Error}{second.Output}");
            Assert.Contains(expected, second.Error);
            Assert.Contains("wait for it or choose another --out", second.Error);
            // --force may not delete a directory that a live process is training.
            var forced = Train(dir, "--out", "run", "--force");
            Assert.True(forced.ExitCode == 2, $"exit {forced.ExitCode}: {forced.Error}{forced.Output}");
            Assert.Contains(expected, forced.Error);
            Assert.True(File.Exists(Path.Combine(dir, "run", "config.json")));
            Assert.False(first.HasExited, "the refused processes disturbed the first");

            Process.Start("kill", ["-TERM", first.Id.ToString()])!.WaitForExit();
            Assert.True(first.WaitForExit(TimeSpan.FromMinutes(1)), "no exit after SIGTERM");
            var log = await firstError + await firstOutput;
            Assert.True(first.ExitCode == 130, $"exit {first.ExitCode}: {log}");
        }
        finally
        {
            if (!first.HasExited) first.Kill();
        }
        Assert.False(FileLock.IsHeld(Path.Combine(dir, "run", ".lock")));
        var stoppedAt = (long)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "summary.json")))!["step"]!;
        var resumed = CliRunner.Run(dir, null, "train", "--out", "run", "--resume", "--steps", (stoppedAt + 10).ToString());
        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Output);
        Assert.Contains($"resuming at step {stoppedAt}", resumed.Output);
        Assert.True(File.Exists(Path.Combine(dir, "run", "DONE")));
    }

    /// <summary>
    /// A real full disk: a small tmpfs holds a run stopped at step 20; a filler file takes all but 48 KiB, less than
    /// one checkpoint (its 20,000 fixed noise samples alone are 160 KB), so the resumed run's next checkpoint
    /// save (step 25) hits ENOSPC. Needs root to mount: skipped without; REALGANLAB_REQUIRE_TMPFS=1 (set by .ci/run
    /// as root) makes a failed mount a failure.
    /// </summary>
    [SkippableFact]
    public void AFullDiskAtACheckpointStopsCleanlyKeepsThePreviousCheckpointAndTheRunResumes()
    {
        var dir = CliRunner.TempDirectory();
        var mount = Path.Combine(dir, "tmpfs");
        Directory.CreateDirectory(mount);
        RequiredTool.SkipUnless(Mount(mount, out var why), "REALGANLAB_REQUIRE_TMPFS", why);
        try
        {
            string[] settings = ["--train:steps=60", "--train:evalSamples=20000", "--train:checkpointEvery=5", "--train:logEvery=10",
                "--train:stepsPerEpoch=20", "--train:keepEvery=20", "--train:probeEvery=0"];
            var first = Train(mount, [.. settings, "--out", "run", "--stop-at", "20"]);
            Assert.True(first.ExitCode == 130, first.Error + first.Output);
            var run = Path.Combine(mount, "run");
            var latest = Path.Combine(run, "checkpoints", "latest.ckpt");
            var previous = Path.Combine(run, "checkpoints", "previous.ckpt");
            Assert.InRange(new FileInfo(latest).Length, 160_000, 1_000_000);

            var filler = Path.Combine(mount, "filler");
            long fill = (new DriveInfo(mount).AvailableFreeSpace - 48 * 1024) / 4096 * 4096;
            using (var stream = new FileStream(filler, FileMode.CreateNew))
            {
                var block = new byte[1 << 16];
                for (long written = 0; written < fill; written += block.Length)
                    stream.Write(block, 0, (int)Math.Min(block.Length, fill - written));
            }
            output.WriteLine($"free after the filler: {new DriveInfo(mount).AvailableFreeSpace} bytes");

            var full = CliRunner.Run(mount, null, "train", "--out", "run", "--resume");
            output.WriteLine(full.Error);
            Assert.True(full.ExitCode == 4, $"exit {full.ExitCode}: {full.Error}{full.Output}");
            Assert.Contains($"could not write {latest}: No space left on device; the previous checkpoint {latest} at step 20 is intact; " +
                $"free space and resume with realganlab train --out {run} --resume", full.Error);
            Assert.DoesNotContain("   at ", full.Error);
            Assert.Equal(20, StepOf(latest));
            Assert.Equal(15, StepOf(previous));
            Assert.Empty(Directory.GetFiles(run, "*.partial-*", SearchOption.AllDirectories));
            Assert.Empty(Directory.GetFiles(run, "*.tmp", SearchOption.AllDirectories));
            Assert.False(File.Exists(Path.Combine(run, "DONE")));

            File.Delete(filler);
            var resumed = CliRunner.Run(mount, null, "train", "--out", "run", "--resume");
            Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Output);
            Assert.Contains("resuming at step 20", resumed.Output);
            Assert.Equal("completed at step 60", File.ReadAllText(Path.Combine(run, "DONE")).Trim());
        }
        finally
        {
            Unmount(mount);
        }
    }

    /// <summary>Mounts an 8 MiB tmpfs (a tiny run takes about 2 MB); false with the reason when that is not possible here.</summary>
    static bool Mount(string path, out string why)
    {
        if (!OperatingSystem.IsLinux()) { why = "tmpfs needs Linux"; return false; }
        if (Environment.UserName != "root" && Command("id", "-u").Output.Trim() != "0") { why = "mounting a tmpfs needs root"; return false; }
        var (code, text) = Command("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", path);
        why = $"mount -t tmpfs failed (exit {code}): {text.Trim()}";
        return code == 0;
    }

    static void Unmount(string path)
    {
        if (Command("umount", path).Code != 0) Command("umount", "-l", path);
    }

    static (int Code, string Output) Command(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file}: {e.Message}");
        }
    }
}
