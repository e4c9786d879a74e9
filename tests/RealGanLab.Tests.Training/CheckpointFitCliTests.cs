using System.Text.Json.Nodes;
using RealGanLab.Checkpoints;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Optimizers;
using RealGanLab.Training;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Checkpoints whose checksum holds but whose contents cannot belong to the run — an impossible step or epoch, tensors of
/// other shapes, another optimizer's state, a whole checkpoint of another config — are treated like damaged ones by
/// 'train --resume' and 'probe' alike: skipped with a warning naming the file and why, in favour of the previous good
/// checkpoint; with none left, exit 2 naming the files, never a stack trace. The files are rewritten with the
/// project's own checkpoint writer, so they verify.
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class CheckpointFitCliTests(InterruptedRunFixture tiny) : IClassFixture<InterruptedRunFixture>
{
    /// <summary>The same run with wider players: its checkpoints verify but fit no network of the tiny run.</summary>
    static readonly string[] Wider = ["generator:width=16", "discriminator:width=16"];

    /// <summary>A way to make a verified checkpoint that does not fit, and a word the warning must contain.</summary>
    static readonly Dictionary<string, (Action<string> Spoil, string Reason)> Misfits = new()
    {
        ["a negative step"] = (path => Replace(path, Json("state", """{"step": -5, "epoch": 0}""")), "step is -5"),
        ["an epoch beyond its step"] = (path => Replace(path, Json("state", """{"step": 30, "epoch": 31}""")), "epoch is 31"),
        ["a fractional step"] = (path => Replace(path, Json("state", """{"step": 2.5, "epoch": 0}""")), "step is 2.5"),
        ["a generator of other shapes"] = (path => Replace(path, WiderGenerator()), "differ in dtype or shape"),
        ["an SGD optimizer's state for an Adam run"] = (path => Replace(path, SgdState()), "optimizer_G"),
        ["fixed noise of another size"] = (path => Replace(path, Noise(7)), "fixed noise"),
        ["a whole checkpoint of another config"] = (WriteOtherConfig, "generator"),
    };

    public static IEnumerable<object[]> MisfitNames => Misfits.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(MisfitNames))]
    public void ResumeSkipsALatestCheckpointThatDoesNotFitAndEndsLikeAnUninterruptedRun(string misfit)
    {
        var dir = tiny.Copy();
        var latest = Path.Combine(dir, "run", "checkpoints", "latest.ckpt");
        Misfits[misfit].Spoil(latest);
        CheckpointReader.Open(latest);    // it verifies: only its contents are wrong

        var resumed = CliRunner.Run(dir, null, "train", "--out", "run", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Contains($"warning: skipped checkpoint {latest}: it verifies but does not fit this run", resumed.Error);
        Assert.Contains(Misfits[misfit].Reason, resumed.Error);
        Assert.Contains("previous.ckpt instead", resumed.Error);
        Assert.Contains("resuming at step 20", resumed.Output);
        // Nothing of the rejected checkpoint reached the game: the run ends exactly as the uninterrupted one.
        Assert.Equal(RunFiles.Comparable(Path.Combine(tiny.Whole, "metrics.jsonl")), RunFiles.Comparable(Path.Combine(dir, "run", "metrics.jsonl")));
    }

    /// <summary>The corpus of checkpoints that verify but cannot belong to the run: every kind, via train --resume and probe.</summary>
    public static IEnumerable<object[]> MisfitCorpus =>
        Misfits.Keys.SelectMany(k => new[] { new object[] { k, "train --resume" }, new object[] { k, "probe" } });

    /// <summary>
    /// Every checkpoint of the run spoiled the same way (so none is left to fall back to): refused with exit 2 naming each
    /// file and the reason, no stack trace, and the whole folder — lock and owner files as a finished process leaves them —
    /// exactly as it was.
    /// </summary>
    [Theory]
    [MemberData(nameof(MisfitCorpus))]
    public void EveryCheckpointVerifyingButNotFittingIsRefusedWithNothingWritten(string misfit, string command)
    {
        var dir = tiny.Copy();
        var run = Path.Combine(dir, "run");
        // What a finished training process leaves behind: its lock file and the owner line of its last holder.
        File.WriteAllText(Path.Combine(run, ".lock"), "");
        File.WriteAllText(Path.Combine(run, ".lock.owner"), "pid 1 on trainer since 2026-12-01T00:00:00+00:00\n");
        var files = new[] { "latest.ckpt", "previous.ckpt", "step_000000020.ckpt" }.Select(f => Path.Combine(run, "checkpoints", f)).ToList();
        files.ForEach(Misfits[misfit].Spoil);
        var before = HostileInput.Snapshot(dir);

        var result = command == "probe" ? CliRunner.Run(dir, null, "probe", "run") : CliRunner.Run(dir, null, "train", "--out", "run", "--resume");
        HostileInput.AssertRefused(result, dir, before, ["no usable checkpoint", .. files.Select(f => Path.GetFileName(f)), Misfits[misfit].Reason]);
    }

    [Theory]
    [InlineData("a damaged checksum")]
    [InlineData("a negative step")]
    [InlineData("a whole checkpoint of another config")]
    public void ProbeFallsBackPastALatestCheckpointLikeResume(string damage)
    {
        var dir = tiny.Copy();
        var latest = Path.Combine(dir, "run", "checkpoints", "latest.ckpt");
        if (damage == "a damaged checksum") RunFiles.Corrupt(latest);
        else Misfits[damage].Spoil(latest);

        var probed = CliRunner.Run(dir, null, "probe", "run");
        Assert.True(probed.ExitCode == 0, probed.Output + probed.Error);
        Assert.Contains($"warning: skipped checkpoint {latest}", probed.Error);
        Assert.Contains("probing from", probed.Error);
        var line = JsonNode.Parse(File.ReadAllLines(Path.Combine(dir, "run", "probe_checkpoints.jsonl")).Single())!;
        Assert.Equal("previous.ckpt", (string?)line["checkpoint"]);
        Assert.Equal(20, (long)line["step"]!);
    }

    [Fact]
    public void ProbeWithNoCheckpointThatFitsIsRefusedWithNothingWritten()
    {
        var dir = tiny.Copy();
        var checkpoints = Path.Combine(dir, "run", "checkpoints");
        RunFiles.Corrupt(Path.Combine(checkpoints, "latest.ckpt"));
        WriteOtherConfig(Path.Combine(checkpoints, "previous.ckpt"));
        Misfits["an epoch beyond its step"].Spoil(Path.Combine(checkpoints, "step_000000020.ckpt"));
        var before = HostileInput.Snapshot(dir);

        var probed = CliRunner.Run(dir, null, "probe", "run");
        HostileInput.AssertRefused(probed, dir, before, "no usable checkpoint", "latest.ckpt", "checksum mismatch", "previous.ckpt", "step_000000020.ckpt", "epoch is 31");
    }

    [Fact]
    public void ProbeOfANamedCheckpointThatDoesNotFitIsRefusedNamingIt()
    {
        var dir = tiny.Copy();
        var numbered = Path.Combine(dir, "run", "checkpoints", "step_000000020.ckpt");
        Misfits["a generator of other shapes"].Spoil(numbered);
        var before = HostileInput.Snapshot(dir);

        var probed = CliRunner.Run(dir, null, "probe", "run", "--checkpoint", "step_000000020.ckpt");
        HostileInput.AssertRefused(probed, dir, before, "--checkpoint", "step_000000020.ckpt", "does not fit this run", "blocks.0.weight");
    }

    /// <summary>Rewrites a checkpoint with one section replaced (by name); the file verifies afterwards.</summary>
    static void Replace(string path, CheckpointSection replacement)
    {
        var sections = CheckpointFile.Read(path);
        Assert.Contains(sections, s => s.Name == replacement.Name);
        CheckpointFile.Write(path, sections.Select(s => s.Name == replacement.Name ? replacement : s).ToList());
    }

    static CheckpointSection Json(string name, string json) => new CheckpointWriter().AddJson(name, json).Sections[0];

    /// <summary>The tiny run's config with <paramref name="extra"/> section:key=value settings on top.</summary>
    static ExperimentConfig TinyConfig(params string[] extra)
    {
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in InterruptedRunFixture.Tiny.Select(a => a[2..]).Concat(extra).Select(a => a.Split('=', 2))) overrides[pair[0]] = pair[1];
        return ConfigLoader.Load(null, overrides, useEnvironment: false, baseJson: [TrainDefaults.Json]);
    }

    static CheckpointSection WiderGenerator()
    {
        using var game = (GanGame)GameHost.Create(TinyConfig(Wider));
        return new CheckpointWriter().AddModule("generator", game.GeneratorNetwork).Sections[0];
    }

    static CheckpointSection SgdState()
    {
        using var game = (GanGame)GameHost.Create(TinyConfig());
        using var optimizers = OptimizerFactory.Create(TinyConfig("optimizer:name=sgd", "optimizer:decay=none").Optimizer, game);
        return new CheckpointWriter().AddOptimizer("optimizer_G", optimizers.Optimizers[0]).Sections[0];
    }

    static CheckpointSection Noise(int samples)
    {
        using var noise = randn(samples, 2);
        return new CheckpointWriter().AddTensor("fixed_noise", noise).Sections[0];
    }

    /// <summary>A complete, consistent checkpoint of the tiny run with wider players, as that run would have saved it.</summary>
    static void WriteOtherConfig(string path)
    {
        var config = TinyConfig(Wider);
        using var game = (GanGame)GameHost.Create(config);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        using var rng = new Generator(7);
        using var noise = game.FixedGeneratorInputs(config.Train.EvalSamples, rng);
        var writer = new CheckpointWriter().AddModule("generator", game.GeneratorNetwork).AddModule("discriminator", game.DiscriminatorNetwork);
        for (int i = 0; i < optimizers.Optimizers.Count; i++) writer.AddOptimizer($"optimizer_{game.Players[i].Name}", optimizers.Optimizers[i]);
        writer.AddGenerator("data_rng", rng).AddTensor("fixed_noise", noise).AddJson("state", """{"step": 30, "epoch": 1}""");
        writer.Save(path);
    }
}
