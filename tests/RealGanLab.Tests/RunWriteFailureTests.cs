using RealGanLab.Configuration;
using RealGanLab.Training;

namespace RealGanLab.Tests;

/// <summary>
/// A failed write into the run directory (a real ENOSPC from /dev/full) stops the trainer with a
/// <see cref="RunWriteException"/> naming the file and the intact checkpoint, and writes no DONE; the
/// REALGANLAB_FAULT hook parses strictly. The disk-full case on a real small file system is in
/// RunFaultCliTests (in RealGanLab.Tests.Training).
/// </summary>
[NoGarbageCollection]
public sealed class RunWriteFailureTests
{
    [SkippableFact]
    public void AFullDiskUnderMetricsStopsTheTrainerNamingTheFileAndTheIntactCheckpoint()
    {
        RequiredTool.SkipUnless(File.Exists("/dev/full"), "REALGANLAB_REQUIRE_DEVFULL", "there is no /dev/full on this machine");
        var run = new RunDirectory(Path.Combine(CliRunner.TempDirectory(), "run"));
        run.Create();
        // Every write to /dev/full fails with ENOSPC: the first metrics line (step 10) hits a full disk for real.
        File.CreateSymbolicLink(run.Metrics, "/dev/full");
        var overrides = new Dictionary<string, string>
        {
            ["generator:latent"] = "2", ["generator:hiddenLayers"] = "1", ["generator:width"] = "8",
            ["discriminator:hiddenLayers"] = "1", ["discriminator:width"] = "8", ["game:batchSize"] = "32",
            ["train:steps"] = "60", ["train:stepsPerEpoch"] = "20", ["train:logEvery"] = "10", ["train:probeEvery"] = "0",
            ["train:checkpointEvery"] = "5", ["train:keepEvery"] = "0", ["train:evalSamples"] = "200",
        };
        var config = ConfigLoader.Load(null, overrides, useEnvironment: false, baseJson: [TrainDefaults.Json]);
        using var trainer = Trainer.Create(config, run, new TrainOptions());

        var e = Assert.Throws<RunWriteException>(() => trainer.Run());
        Assert.Equal(run.Metrics, e.File);
        Assert.IsAssignableFrom<IOException>(e.InnerException);
        Assert.Contains("No space left on device", e.Message);
        Assert.Equal(Path.Combine(run.Checkpoints, "latest.ckpt"), e.Checkpoint);
        Assert.Equal(5, e.CheckpointStep);
        Assert.Contains($"could not write {run.Metrics}: No space left on device; the previous checkpoint {e.Checkpoint} at step 5 is intact", e.Message);
        Assert.False(File.Exists(run.Done));
        Assert.False(File.Exists(run.Summary));
    }

    [Theory]
    [InlineData("No space left on device : '/r/checkpoints/.latest.ckpt.partial-0123456789ab'", "/r/checkpoints/latest.ckpt")]
    [InlineData("No space left on device : '/r/.summary.json.partial-4242'", "/r/summary.json")]
    [InlineData("Disk quota exceeded : '/r/metrics.jsonl'", "/r/metrics.jsonl")]
    [InlineData("something without a path", null)]
    public void TheFileOfAFailedWriteIsTheOneItWasToReplace(string message, string? expected) =>
        Assert.Equal(expected, RunWriteException.FileIn(new IOException(message)));

    [Theory]
    [InlineData(null, null)]
    [InlineData("abort-at-step=25", 25L)]
    [InlineData(" abort-at-step = 0 ", 0L)]
    [InlineData("abort-at-step=7;run=runs/b", 7L)]
    [InlineData("abort-at-step=7;run=runs/a", null)]
    public void TheFaultHookParsesAndMatchesTheRunPath(string? value, long? step)
    {
        var fault = FaultInjection.Parse(value, "/work/runs/b-seed1");
        Assert.Equal(step, fault?.Step);
        if (fault is not null) Assert.Equal(FaultKind.Abort, fault.Kind);
    }

    [Fact]
    public async Task TheHangHookParsesToAHangAtItsStep()
    {
        var fault = FaultInjection.Parse("hang-at-step=20;run=slow", "/tmp/s/slow")!;
        Assert.Equal(new FaultInjection(20, FaultKind.Hang), fault);
        Assert.Null(FaultInjection.Parse("hang-at-step=20;run=slow", "/tmp/s/quick"));
        // A hang returns only once the run is told to stop.
        using var stop = new CancellationTokenSource();
        var hung = Task.Run(() => fault.Trigger(20, stop.Token));
        Assert.NotSame(hung, await Task.WhenAny(hung, Task.Delay(200)));
        stop.Cancel();
        Assert.Same(hung, await Task.WhenAny(hung, Task.Delay(TimeSpan.FromMinutes(1))));
    }

    [Theory]
    [InlineData("abort-at-step")]
    [InlineData("abort-at-step=-1")]
    [InlineData("abort=3")]
    [InlineData("run=x")]
    [InlineData("hang-at-step=3;abort-at-step=4")]
    [InlineData("hang-at-step=x")]
    public void AMalformedFaultHookIsAnErrorNotSilence(string value)
    {
        var e = Assert.Throws<BadInputException>(() => FaultInjection.Parse(value, "/r"));
        Assert.Contains("REALGANLAB_FAULT", e.Message);
    }
}
