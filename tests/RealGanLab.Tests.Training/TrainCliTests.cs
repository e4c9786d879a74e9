using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Checkpoints;

namespace RealGanLab.Tests;

/// <summary>
/// 'realganlab train' and 'realganlab probe' as a user runs them, in child processes: the run directory,
/// resume equal to an uninterrupted run, SIGTERM, divergence, refusal of a changed config.
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class TrainCliTests
{
    /// <summary>A tiny, fast run: 60 steps, 3 epochs, a probe every 30 steps (dense: under 600 parameters).</summary>
    static readonly string[] Tiny =
    [
        "--generator:latent=2", "--generator:hiddenLayers=1", "--generator:width=8", "--discriminator:hiddenLayers=1", "--discriminator:width=8",
        "--game:batchSize=32", "--probe:batchSize=64", "--train:steps=60", "--train:stepsPerEpoch=20", "--train:logEvery=10",
        "--train:probeEvery=30", "--train:checkpointEvery=10", "--train:keepEvery=20", "--train:evalSamples=500",
    ];

    static CliRunner.Result Train(string dir, params string[] args) => CliRunner.Run(dir, null, ["train", .. Tiny, .. args]);

    [Fact]
    public void TrainWritesTheWholeRunDirectory()
    {
        var dir = CliRunner.TempDirectory();
        var r = Train(dir, "--rule", "consensus", "--regularizers:r1=0.5", "--out", "run");
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        var run = Path.Combine(dir, "run");
        foreach (var file in new[] { "config.json", "metrics.jsonl", "probe.jsonl", "summary.json", "DONE",
                     "samples/epoch_0001.png", "samples/epoch_0002.png", "samples/epoch_0003.png",
                     "plots/losses.png", "plots/field_norms.png", "plots/mode_metrics.png", "plots/manifold_metrics.png", "plots/spectrum_plane.png",
                     "plots/spectrum_over_time.png", "plots/hessian_extremes.png",
                     "checkpoints/latest.ckpt", "checkpoints/step_000000020.ckpt", "checkpoints/step_000000060.ckpt" })
            Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(run, "tensorboard"), "events.out.tfevents.*"));
        Assert.InRange(new FileInfo(Directory.GetFiles(Path.Combine(run, "tensorboard"))[0]).Length, 1_000, 10_000_000);
        var png = File.ReadAllBytes(Path.Combine(run, "samples/epoch_0003.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        Assert.Equal("consensus", (string?)config["config"]!["rule"]!["name"]);
        Assert.Equal("ring", (string?)config["config"]!["data"]!["name"]);
        Assert.Equal(0.5, (double)config["config"]!["regularizers"]!["r1"]!);
        Assert.Equal("0.107.0", (string?)config["provenance"]!["torchSharpVersion"]);

        var lines = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        var train = lines.Where(l => (string?)l["kind"] == "train").ToList();
        var evals = lines.Where(l => (string?)l["kind"] == "eval").ToList();
        Assert.Equal([10L, 20, 30, 40, 50, 60], train.Select(l => (long)l["step"]!));
        foreach (var key in new[] { "loss_G", "loss_D", "v_norm_G", "v_norm_D", "lr_G", "lr_D", "step_ms", "r1", "norm_sq_estimate" })
            Assert.All(train, l => Assert.True(l[key] is not null, $"{key} missing"));
        Assert.Equal([1, 2, 3], evals.Select(l => (int)l["epoch"]!));
        Assert.All(evals, l => Assert.InRange((int)l["modes"]!, 0, 8));
        foreach (var key in new[] { "precision", "recall", "coverage" })
            Assert.All(evals, l => Assert.InRange((double)l[key]!, 0.0, 1.0));

        var probes = File.ReadAllLines(Path.Combine(run, "probe.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal([30L, 60], probes.Select(p => (long)p["step"]!));
        Assert.All(probes, p =>
        {
            Assert.Equal("dense", (string?)p["method"]);
            // G: 2·8 + 8 + 8·2 + 2 = 42 parameters, D: 2·8 + 8 + 8 + 1 = 33: the dense spectrum has 75 eigenvalues.
            Assert.Equal(75, p["eigenvalues"]!.AsArray().Count);
            Assert.True((double)p["hessian_max_D"]! >= (double)p["hessian_min_D"]!);
            Assert.InRange((double)p["update_radius"]!, 0.5, 1.5);
        });

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.Equal("completed", (string?)summary["status"]);
        Assert.Equal(60, (long)summary["step"]!);
        Assert.Equal(500, (int)summary["final"]!["samples"]!);
        // The k-NN metrics' final values next to their real-vs-real floor (500 ring points against 500 others).
        Assert.Equal((double)evals[^1]["recall"]!, (double)summary["final"]!["recall"]!);
        Assert.InRange((double)summary["final"]!["floor_precision"]!, 0.85, 1.0);
        Assert.InRange((double)summary["final"]!["floor_density"]!, 0.8, 1.2);
        Assert.InRange((double)summary["probeShare"]!, 0.0, 1.0);
        Assert.Contains("k-NN metrics", r.Output);
    }

    [Theory]
    // Adam state, R1 (input gradients), consensus (second order), annealed instance noise and the cosine schedule.
    [InlineData("--rule consensus --regularizers:r1=0.3 --regularizers:instanceNoise=0.05 --regularizers:instanceNoiseAnneal=50 --optimizer:decay=cosine")]
    // Optimistic GD carries the previous field across the checkpoint; SGD with momentum its buffers.
    [InlineData("--rule optimistic --optimizer:name=sgd --optimizer:lr=0.05 --optimizer:momentum=0.5")]
    // Several D steps per G step; the unrolled rule; BatchNorm running statistics; packing with WGAN-GP.
    [InlineData("--rule altgd --rule:nDis=2 --game:loss=wasserstein --regularizers:wganGp=1 --discriminator:pack=2")]
    // The unrolled rule looks ahead through D's Adam from its state: the checkpoint's optimizer state must restore it exactly.
    [InlineData("--rule unrolled --rule:unrollSteps=2")]
    [InlineData("--rule simgd --generator:normalization=batch --optimizer:name=rmsprop")]
    // Spectral normalization's power-iteration vectors u, v (module buffers) continue across the checkpoint.
    [InlineData("--rule simgd --generator:spectralNorm=true --discriminator:spectralNorm=true")]
    // The Arnoldi probe's warm start (the previous probe's Ritz vectors) continues across the checkpoint.
    [InlineData("--rule simgd --probe:denseLimit=0 --probe:k=4 --probe:subspace=12 --probe:tol=1e-4 --probe:maxRestarts=3 --probe:hutchinsonSamples=4")]
    public void AnInterruptedAndResumedRunEndsWithTheSameMetricsAsAnUninterruptedOne(string rule)
    {
        var dir = CliRunner.TempDirectory();
        string[] settings = [.. rule.Split(' '), "--seed", "7"];
        var whole = Train(dir, [.. settings, "--out", "whole"]);
        Assert.True(whole.ExitCode == 0, whole.Error + whole.Output);

        var first = Train(dir, [.. settings, "--out", "parts", "--stop-at", "35"]);
        Assert.True(first.ExitCode == 130, first.Error + first.Output);
        Assert.False(File.Exists(Path.Combine(dir, "parts", "DONE")));
        Assert.Equal("interrupted", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "parts", "summary.json")))!["status"]);
        var second = CliRunner.Run(dir, null, "train", "--out", "parts", "--resume");
        Assert.True(second.ExitCode == 0, second.Error + second.Output);
        Assert.Contains("resuming at step 35", second.Output);

        Assert.Equal(RunFiles.Comparable(Path.Combine(dir, "whole", "metrics.jsonl")), RunFiles.Comparable(Path.Combine(dir, "parts", "metrics.jsonl")));
        Assert.Equal(RunFiles.Comparable(Path.Combine(dir, "whole", "probe.jsonl")), RunFiles.Comparable(Path.Combine(dir, "parts", "probe.jsonl")));
        // On the Arnoldi path the probe after the resume did start from the checkpointed Ritz vectors.
        if (rule.Contains("denseLimit=0"))
            Assert.True((bool)JsonNode.Parse(File.ReadAllLines(Path.Combine(dir, "parts", "probe.jsonl"))[^1])!["warm_start"]!);
        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "whole", "summary.json")))!["final"]!.ToJsonString();
        var b = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "parts", "summary.json")))!["final"]!.ToJsonString();
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task SigtermSavesACheckpointAndTheRunResumes()
    {
        var dir = CliRunner.TempDirectory();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "realganlab.dll"));
        string[] args = ["train", .. Tiny, "--train:steps=1000000", "--train:probeEvery=0", "--out", "run"];
        foreach (var a in args) start.ArgumentList.Add(a);
        // A constant learning rate: with a schedule, train:steps (its horizon) may not change on resume.
        start.ArgumentList.Add("--optimizer:decay=none");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var metrics = Path.Combine(dir, "run", "metrics.jsonl");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((!File.Exists(metrics) || File.ReadAllLines(metrics).Length < 3) && DateTime.UtcNow < deadline && !process.HasExited) await Task.Delay(100);
        if (process.HasExited)
            Assert.Fail($"the run ended (exit {process.ExitCode}) before it could be interrupted: {await error}{await output}");
        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "no exit after SIGTERM");
        string log = await error + await output;
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {log}");
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "summary.json")))!;
        Assert.Equal("interrupted", (string?)summary["status"]);
        long stoppedAt = (long)summary["step"]!;
        Assert.True(stoppedAt >= 20, $"stopped at {stoppedAt}");
        var search = new CheckpointStore(Path.Combine(dir, "run", "checkpoints")).FindLatest();
        Assert.True(search.Found);
        Assert.Equal(stoppedAt, (long)JsonNode.Parse(search.Reader!.ReadJson("state"))!["step"]!);

        // Resume and finish 20 steps later (train:steps may change on resume when there is no schedule).
        var resumed = CliRunner.Run(dir, null, "train", "--out", "run", "--resume", "--steps", (stoppedAt + 20).ToString());
        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Output);
        var done = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "summary.json")))!;
        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(stoppedAt + 20, (long)done["step"]!);
        Assert.True(File.Exists(Path.Combine(dir, "run", "DONE")));
    }

    [Fact]
    public void ADivergingRunStopsCleanlyKeepsTheLastGoodCheckpointAndSaysWhere()
    {
        var dir = CliRunner.TempDirectory();
        // Plain SGD with an absurd step size overflows within a few steps: a real NaN/Inf, not an injected one.
        var r = Train(dir, "--rule", "simgd", "--optimizer:name=sgd", "--optimizer:lr=1e30", "--out", "run");
        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.Error}{r.Output}");
        Assert.Contains("diverged", r.Output);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "summary.json")))!;
        Assert.Equal("diverged", (string?)summary["status"]);
        long at = (long)summary["divergedAtStep"]!;
        Assert.InRange(at, 1, 59);
        Assert.False(string.IsNullOrEmpty((string?)summary["cause"]));
        Assert.True(File.Exists(Path.Combine(dir, "run", "DONE")));
        // The last good checkpoint: from before the divergence, with finite parameters.
        var search = new CheckpointStore(Path.Combine(dir, "run", "checkpoints")).FindLatest();
        Assert.True(search.Found);
        long saved = (long)JsonNode.Parse(search.Reader!.ReadJson("state"))!["step"]!;
        Assert.True(saved < at, $"checkpoint at {saved}, divergence at {at}");
        using var generator = new RealGanLab.Networks.Mlp("generator", 2, 2, 1, 8, "relu", "none");
        search.Reader.LoadModule("generator", generator);
        Assert.All(generator.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void ResumeRefusesAChangedConfigAndListsTheKeys()
    {
        var dir = CliRunner.TempDirectory();
        var first = Train(dir, "--out", "run", "--stop-at", "20");
        Assert.Equal(130, first.ExitCode);
        var metricsBefore = File.ReadAllText(Path.Combine(dir, "run", "metrics.jsonl"));
        var r = CliRunner.Run(dir, null, "train", "--out", "run", "--resume", "--rule:gamma=2", "--seed", "5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("rule:gamma", r.Error);
        Assert.Contains("seed", r.Error);
        Assert.Contains("was 1", r.Error);
        Assert.Equal(metricsBefore, File.ReadAllText(Path.Combine(dir, "run", "metrics.jsonl")));
        // Without --resume an existing run is not overwritten either.
        var again = Train(dir, "--out", "run");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Error);
    }

    [Fact]
    public void ProbeCommandReadsSavedCheckpoints()
    {
        var dir = CliRunner.TempDirectory();
        // denseLimit 0: the Arnoldi path of the probe (top-k, extra LR/LI runs, the radius read off the spectrum).
        var r = Train(dir, "--rule", "simgd", "--probe:denseLimit=0", "--probe:k=4", "--probe:tol=1e-8", "--probe:maxRestarts=50", "--out", "run");
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        var live = JsonNode.Parse(File.ReadAllLines(Path.Combine(dir, "run", "probe.jsonl"))[^1])!;
        Assert.Equal("arnoldi", (string?)live["method"]);
        // k = 4, or 5 when a conjugate pair straddles the fourth place (pairs are kept whole).
        Assert.InRange(live["eigenvalues"]!.AsArray().Count, 4, 5);
        Assert.True(live["extreme_eigenvalues"]!.AsArray().Count > 0);
        var p = CliRunner.Run(dir, null, "probe", "run", "--checkpoint", "all");
        Assert.True(p.ExitCode == 0, p.Error + p.Output);
        var lines = File.ReadAllLines(Path.Combine(dir, "run", "probe_checkpoints.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["step_000000020.ckpt", "step_000000040.ckpt", "step_000000060.ckpt", "latest.ckpt"], lines.Select(l => (string)l["checkpoint"]!));
        Assert.Equal([20L, 40, 60, 60], lines.Select(l => (long)l["step"]!));
        // The probe at the last checkpoint reads what the live probe read at step 60, learning rate (schedule) included.
        Assert.Equal((double)live["max_real"]!, (double)lines[^1]["max_real"]!, 1e-5);
        Assert.Equal((double)live["update_radius"]!, (double)lines[^1]["update_radius"]!, 1e-9);
        Assert.True((double)live["update_radius"]! != 1.0, "the last step's learning rate must not be 0");
        var bad = CliRunner.Run(dir, null, "probe", "run", "--checkpoint", "step_999.ckpt");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("step_000000020.ckpt", bad.Error);
    }

    [Fact]
    public void ACompletedRunCanBeExtendedAndForceReplacesOnlyRuns()
    {
        var dir = CliRunner.TempDirectory();
        // No probes: extending and replacing runs is about checkpoints and config.json (the probe's resume is tested above).
        var first = Train(dir, "--optimizer:decay=none", "--train:probeEvery=0", "--out", "run");
        Assert.Equal(0, first.ExitCode);
        var again = CliRunner.Run(dir, null, "train", "--out", "run", "--resume");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already ended", again.Output);
        var longer = CliRunner.Run(dir, null, "train", "--out", "run", "--resume", "--steps", "80");
        Assert.True(longer.ExitCode == 0, longer.Error + longer.Output);
        Assert.Contains("resuming at step 60", longer.Output);
        Assert.Equal(80, (long)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "summary.json")))!["step"]!);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "config.json")))!;
        Assert.Equal(80, (int)config["config"]!["train"]!["steps"]!);
        Assert.Equal(60, (int)config["extended"]![0]!["from_steps"]!);
        // With a schedule the horizon may not move.
        var scheduled = Train(dir, "--out", "cos", "--optimizer:decay=cosine", "--train:probeEvery=0");
        Assert.Equal(0, scheduled.ExitCode);
        var refused = CliRunner.Run(dir, null, "train", "--out", "cos", "--resume", "--steps", "80");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("optimizer:decay", refused.Error);
        // --force replaces a run but not a folder that is not one.
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "keep me");
        var wipe = Train(dir, "--out", ".", "--force");
        Assert.Equal(2, wipe.ExitCode);
        Assert.True(File.Exists(Path.Combine(dir, "notes.txt")));
        var bad = Train(dir, "--out", "run", "--force", "--game:name=dirac");
        Assert.Equal(2, bad.ExitCode);
        Assert.True(File.Exists(Path.Combine(dir, "run", "DONE")), "a refused --force must leave the old run alone");
    }

    [Fact]
    public void TrainRejectsAnalyticGamesAndBadKeysBeforeWritingAnything()
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, "train", "--game:name=dirac", "--out", "run");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("field", r.Error);
        var typo = CliRunner.Run(dir, null, "train", "--discriminator:pak=4", "--out", "run2");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("pack", typo.Error);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
        Assert.False(Directory.Exists(Path.Combine(dir, "run2")));
    }
}
