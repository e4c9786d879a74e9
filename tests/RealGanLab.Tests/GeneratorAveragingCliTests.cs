using System.Text.Json.Nodes;
using RealGanLab.Checkpoints;

namespace RealGanLab.Tests;

/// <summary>
/// Generator averaging through 'train': a resumed run ends with exactly the metrics (G's and the averages') of an
/// uninterrupted one; averaging leaves G's own outputs as they were and adds only its own; a checkpoint without the
/// averages, or with mis-shaped ones, is skipped on resume; bad keys exit 2 naming them.
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class GeneratorAveragingCliTests(AveragingRunFixture runs) : IClassFixture<AveragingRunFixture>
{
    static string Metrics(string run) => Path.Combine(run, "metrics.jsonl");

    static JsonObject Summary(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!.AsObject();

    [Fact]
    public void AResumedRunWithAveragingEndsExactlyLikeTheUninterruptedOne()
    {
        var dir = runs.Copy();
        var resumed = CliRunner.Run(dir, null, "train", "--out", "run", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Contains("resuming at step 30", resumed.Output);
        var run = Path.Combine(dir, "run");

        var expected = RunFiles.Comparable(Metrics(runs.Whole));
        Assert.Equal(expected, RunFiles.Comparable(Metrics(run)));
        // … and the comparison covered both averages: the last eval line has each one's mode metrics.
        var last = JsonNode.Parse(expected.Last(l => l.Contains("\"eval\"")))!.AsObject();
        foreach (var key in new[] { "ema/modes", "ema/high_quality", "uniform/modes", "uniform/mode_counts" }) Assert.True(last.ContainsKey(key), key);
        Assert.Equal(Summary(runs.Whole)["averaged"]!.ToJsonString(), Summary(run)["averaged"]!.ToJsonString());
        Assert.Contains("ema mode metrics", resumed.Output);
        Assert.Contains("uniform mode metrics", resumed.Output);
    }

    [Fact]
    public void AveragingLeavesGsOwnOutputsAsTheyWereAndAddsOnlyItsOwn()
    {
        static List<string> WithoutAveraged(IEnumerable<string> lines) => lines.Select(l =>
        {
            var o = JsonNode.Parse(l)!.AsObject();
            foreach (var key in o.Select(kv => kv.Key).Where(k => k.Contains('/')).ToList()) o.Remove(key);
            return o.ToJsonString();
        }).ToList();

        var plain = RunFiles.Comparable(Metrics(runs.Plain));
        Assert.DoesNotContain(plain, l => l.Contains("ema/") || l.Contains("uniform/"));
        Assert.Equal(plain, WithoutAveraged(RunFiles.Comparable(Metrics(runs.Whole))));
        Assert.Equal(Summary(runs.Plain)["final"]!.ToJsonString(), Summary(runs.Whole)["final"]!.ToJsonString());
        Assert.False(Summary(runs.Plain).ContainsKey("averaged"));

        static string[] Samples(string run) => Directory.GetFiles(Path.Combine(run, "samples")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(["epoch_0001.png", "epoch_0002.png"], Samples(runs.Plain));
        // The uniform average starts at step 25: it has no picture at the first epoch end (step 20).
        Assert.Equal(["epoch_0001.png", "epoch_0001_ema.png", "epoch_0002.png", "epoch_0002_ema.png", "epoch_0002_uniform.png"], Samples(runs.Whole));
        var first = JsonNode.Parse(File.ReadAllLines(Metrics(runs.Whole)).First(l => l.Contains("\"eval\"")))!.AsObject();
        Assert.True(first.ContainsKey("ema/modes"));
        Assert.False(first.ContainsKey("uniform/modes"));
    }

    public static TheoryData<string> Spoilers => ["no averages", "a mis-shaped average", "a count that does not match the step"];

    [Theory]
    [MemberData(nameof(Spoilers))]
    public void ResumeSkipsACheckpointWhoseAveragesDoNotFitAndStillEndsExactly(string spoiler)
    {
        var dir = runs.Copy();
        var latest = Path.Combine(dir, "run", "checkpoints", "latest.ckpt");
        var sections = CheckpointFile.Read(latest);
        var (kept, reason) = spoiler switch
        {
            "no averages" => (sections.Where(s => !s.Name.StartsWith("average_ema", StringComparison.Ordinal)).ToList(), "no ema average"),
            "a mis-shaped average" => (sections.Select(s => s.Name == "average_uniform" ? Tensor("average_uniform", 3) : s).ToList(), "this generator needs Float64["),
            _ => (sections.Select(s => s.Name == "average_uniform_state" ? new CheckpointWriter().AddJson(s.Name, """{"start": 25, "count": 5}""").Sections[0] : s).ToList(),
                "must hold 6"),
        };
        CheckpointFile.Write(latest, kept);

        var resumed = CliRunner.Run(dir, null, "train", "--out", "run", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Contains($"warning: skipped checkpoint {latest}: it verifies but does not fit this run", resumed.Error);
        Assert.Contains(reason, resumed.Error);
        Assert.Contains("resuming at step 20", resumed.Output);
        Assert.Equal(RunFiles.Comparable(Metrics(runs.Whole)), RunFiles.Comparable(Metrics(Path.Combine(dir, "run"))));
    }

    static CheckpointSection Tensor(string name, int size)
    {
        using var t = TorchSharp.torch.zeros(size, TorchSharp.torch.float64);
        return new CheckpointWriter().AddTensor(name, t).Sections[0];
    }

    [Fact]
    public void AnImageRunEvaluatesItsAveragesWithTheSameClassifierMetrics()
    {
        var dir = CliRunner.TempDirectory();
        string[] tiny = ["--generator:width=16", "--discriminator:width=16", "--game:batchSize=16", "--train:steps=20", "--train:stepsPerEpoch=10",
            "--train:logEvery=5", "--train:checkpointEvery=5", "--train:keepEvery=0", "--train:evalSamples=200", "--train:probeEvery=0"];
        var r = CliRunner.Run(dir, ImageTestData.Environment(), ["train", "--config", Path.Combine(CliRunner.RepositoryRoot(), "configs", "mnist-simgd.json"),
            .. tiny, "--averaging:ema=true", "--averaging:emaBeta=0.9", "--averaging:uniform=true", "--averaging:uniformStart=10", "--out", "run"]);
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        var run = Path.Combine(dir, "run");
        foreach (var file in new[] { "samples/epoch_0001_ema.png", "samples/epoch_0002_ema.png", "samples/epoch_0002_uniform.png", "plots/metric_mnist_score.png" })
            Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing");
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Path.Combine(run, "plots")), p => Path.GetFileName(p).Contains("ema"));
        var last = JsonNode.Parse(File.ReadAllLines(Metrics(run)).Last(l => l.Contains("\"eval\"")))!.AsObject();
        var averaged = Summary(run)["averaged"]!.AsObject();
        foreach (var name in new[] { "ema", "uniform" })
        {
            Assert.InRange((double)last[$"{name}/mnist_score"]!, 1.0, 10.0);
            Assert.Equal((double)last[$"{name}/mnist_score"]!, (double)averaged[name]!["mnist_score"]!);
        }
        Assert.Contains("ema image metrics", r.Output);
    }

    [Theory]
    [InlineData("--averaging:emaStart=40", "averaging:emaStart")]
    [InlineData("--averaging:emaBeta=1", "averaging:emaBeta")]
    public void BadAveragingKeysExitTwoNamingTheKey(string bad, string key)
    {
        var dir = CliRunner.TempDirectory();
        var result = CliRunner.Run(dir, null, ["train", .. InterruptedRunFixture.Tiny, "--averaging:ema=true", bad, "--out", "bad"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(key, result.Error);
        Assert.False(Directory.Exists(Path.Combine(dir, "bad", "checkpoints")));
    }
}
