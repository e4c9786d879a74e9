using System.Text.Json.Nodes;
using SkiaSharp;

namespace RealGanLab.Tests;

/// <summary>
/// 'realganlab train' on MNIST and Stacked MNIST as a user runs it (child processes): a 20-step smoke run writes its
/// sample grids and metrics, the compression game shows inputs next to reconstructions, and a resumed image run
/// repeats the uninterrupted one (the shuffled data order is part of the checkpoint).
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class ImageTrainCliTests
{
    static readonly string[] Tiny =
    [
        "--generator:width=16", "--discriminator:width=16", "--game:batchSize=16", "--train:steps=20", "--train:stepsPerEpoch=10",
        "--train:logEvery=5", "--train:checkpointEvery=5", "--train:keepEvery=0", "--train:evalSamples=200", "--train:probeEvery=0",
    ];

    static CliRunner.Result Train(string dir, string config, params string[] args) =>
        CliRunner.Run(dir, ImageTestData.Environment(), ["train", "--config", Path.Combine(CliRunner.RepositoryRoot(), "configs", config), .. Tiny, .. args]);

    /// <summary>The live probe of the smoke runs: top 4 by Arnoldi on a batch of 32 (and the settings a saved image run is probed with).</summary>
    static readonly string[] SmallProbe = ["--probe:k=4", "--probe:subspace=16", "--probe:tol=1e-2", "--probe:maxRestarts=2", "--probe:batchSize=32"];

    /// <summary>A 20-step smoke run of <paramref name="config"/> in a new folder, probed at its end: (folder, the command's result).</summary>
    static (string Dir, CliRunner.Result Result) SmokeRun(string config)
    {
        var dir = CliRunner.TempDirectory();
        return (dir, Train(dir, config, ["--out", "run", "--train:probeEvery=20", .. SmallProbe]));
    }

    /// <summary>The MNIST smoke run, made once for the smoke test and the probe test (which probes a copy).</summary>
    static readonly Lazy<(string Dir, CliRunner.Result Result)> MnistSmokeRun = new(() => SmokeRun("mnist-simgd.json"));

    [Theory]
    [InlineData("mnist-simgd.json", 1)]
    [InlineData("stacked-mnist-consensus.json", 3)]
    public void A_twenty_step_smoke_run_writes_sample_grids_and_metrics(string config, int channels)
    {
        var (dir, r) = config == "mnist-simgd.json" ? MnistSmokeRun.Value : SmokeRun(config);
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        // The epoch-end evaluation shows its progress (redirected output: a line as it starts and as it ends).
        Assert.Contains("evaluating epoch 2: 0/200 images", r.Output);
        Assert.Contains("evaluating epoch 2: 200/200 images", r.Output);
        var run = Path.Combine(dir, "run");
        foreach (var file in new[] { "config.json", "metrics.jsonl", "summary.json", "DONE", "samples/epoch_0001.png", "samples/epoch_0002.png",
                     "plots/losses.png", "checkpoints/latest.ckpt" })
            Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing");
        using var grid = SKBitmap.Decode(Path.Combine(run, "samples/epoch_0002.png"));
        // 8 columns of 28×28 digits enlarged twice with 2-pixel gaps: 8·58 + 2 = 466 pixels wide.
        Assert.Equal(466, grid.Width);
        Assert.InRange(grid.Height, 466, 600);
        // The digit cells hold generated pixels, not a blank canvas: many distinct grey levels.
        var levels = new HashSet<byte>();
        for (int y = grid.Height - 460; y < grid.Height; y += 3)
            for (int x = 0; x < grid.Width; x += 3)
                levels.Add(grid.GetPixel(x, y).Red);
        Assert.True(levels.Count > 20, $"only {levels.Count} grey levels in the grid");
        if (channels == 3)
        {
            var coloured = Enumerable.Range(0, 400).Select(i => grid.GetPixel(3 + (i * 37) % 460, grid.Height - 3 - (i * 53) % 450))
                .Count(c => c.Red != c.Green || c.Green != c.Blue);
            Assert.True(coloured > 20, "a Stacked MNIST grid must be in colour (three digits as RGB)");
        }
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.Equal("completed", (string?)summary["status"]);
        Assert.Equal(20, (long)summary["step"]!);
        // Final metrics next to their real-data floors; Stacked MNIST adds modes (of 1,000) and their KL.
        var final = summary["final"]!.AsObject();
        Assert.InRange((double)final["mnist_score"]!, 1.0, 10.0);
        Assert.InRange((double)final["floor_mnist_score"]!, 9.0, 10.0);
        Assert.InRange((double)final["frechet_distance"]!, (double)final["floor_frechet_distance"]!, 1e5);
        Assert.InRange((double)final["class_kl"]!, 0.0, Math.Log(10) + 1e-9);
        // k-NN metrics of the classifier's features (per image: all channels' features side by side), each with the
        // floor of real test images against real training ones.
        foreach (var key in new[] { "precision", "recall", "coverage" })
            Assert.InRange((double)final[key]!, 0.0, 1.0);
        Assert.InRange((double)final["floor_precision"]!, 0.5, 1.0);
        Assert.InRange((double)final["floor_coverage"]!, 0.5, 1.0);
        Assert.InRange((double)final["floor_density"]!, 0.5, 1.5);
        Assert.True(File.Exists(Path.Combine(run, "plots", "metric_recall.png")));
        if (channels == 3)
        {
            Assert.InRange((double)final["modes"]!, 1, 200);
            Assert.InRange((double)final["stacked_kl"]!, 0.0, Math.Log(1000) + 1e-9);
        }
        Assert.True(File.Exists(Path.Combine(run, "plots", "metric_frechet_distance.png")));
        var probe = JsonNode.Parse(File.ReadAllLines(Path.Combine(run, "probe.jsonl")).Last())!;
        Assert.Equal("arnoldi", (string?)probe["method"]);
        Assert.Equal(4, probe["eigenvalues"]!.AsArray().Count);
        // Relative residuals ‖J u − λ u‖/|λ| of the Ritz pairs: float32 double-backward through convolutions whose
        // multi-threaded CPU kernels are not bitwise reproducible stalls Arnoldi near 1e-2, so a loose bound.
        Assert.All(probe["residuals"]!.AsArray(), res => Assert.InRange((double)res!, 0.0, 0.05));
        Assert.InRange((double)probe["products"]!, 16, 200);
    }

    [Fact]
    public void The_compression_game_shows_test_inputs_next_to_their_reconstructions()
    {
        var dir = CliRunner.TempDirectory();
        var r = Train(dir, "mnist-compression-mu1.json", "--out", "run");
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        using var grid = SKBitmap.Decode(Path.Combine(dir, "run", "samples/epoch_0002.png"));
        // Two 466-pixel panels with a 12-pixel gap.
        Assert.Equal(2 * 466 + 12, grid.Width);
        var evals = File.ReadAllLines(Path.Combine(dir, "run", "metrics.jsonl")).Select(l => JsonNode.Parse(l)!)
            .Where(n => (string?)n["kind"] == "eval").ToList();
        Assert.Equal(2, evals.Count);
        // Reconstruction error of images in [−1, 1]: positive, and below that of a constant grey guess (≈ 0.9 for MNIST... bounded by 4).
        foreach (var e in evals) Assert.InRange((double)e["reconstruction_mse"]!, 1e-4, 4.0);
    }

    [Fact]
    public void Probing_an_image_run_needs_its_data_but_not_the_classifier()
    {
        // A copy of the MNIST smoke run (20 steps, checkpoints every 5), so that the smoke test's files stay as it wrote them.
        var (smoke, trained) = MnistSmokeRun.Value;
        Assert.True(trained.ExitCode == 0, trained.Error);
        var dir = CliRunner.TempDirectory();
        RunFiles.CopyDirectory(Path.Combine(smoke, "run"), Path.Combine(dir, "run"));
        // A data folder with MNIST and nothing else: no classifier, no cached statistics. The probe reads the run's
        // training state only, so it neither trains nor loads a classifier, and writes nothing into the folder.
        var data = Path.Combine(dir, "data");
        Directory.CreateDirectory(data);
        Directory.CreateSymbolicLink(Path.Combine(data, "mnist"), MnistTestData.Directory);
        var probed = CliRunner.Run(dir, new Dictionary<string, string> { ["REALGANLAB_DATA"] = data }, ["probe", "run", .. SmallProbe]);
        Assert.True(probed.ExitCode == 0, probed.Error + probed.Output);
        Assert.Single(File.ReadAllLines(Path.Combine(dir, "run", "probe_checkpoints.jsonl")));
        Assert.Equal(["mnist"], Directory.EnumerateFileSystemEntries(data).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_interrupted_image_run_resumes_to_the_same_metrics()
    {
        // One thread: libtorch's multi-threaded CPU convolutions are not bitwise reproducible between processes
        // (docs/torchsharp-notes.md); with one thread they are, so any difference left would be the resume's fault.
        var env = ImageTestData.Environment();
        env["OMP_NUM_THREADS"] = "1";
        var dir = CliRunner.TempDirectory();
        var config = Path.Combine(CliRunner.RepositoryRoot(), "configs", "mnist-simgd.json");
        // The uninterrupted run alongside the interrupted one (one thread each, separate folders).
        var wholeRun = CliRunner.RunAsync(dir, env, ["train", "--config", config, .. Tiny, "--out", "whole"]);
        var first = CliRunner.Run(dir, env, ["train", "--config", config, .. Tiny, "--out", "parts", "--stop-at", "7"]);
        Assert.Equal(130, first.ExitCode);
        var second = CliRunner.Run(dir, env, "train", "--out", "parts", "--resume");
        Assert.True(second.ExitCode == 0, second.Error + second.Output);
        var whole = await wholeRun;
        Assert.True(whole.ExitCode == 0, whole.Error);
        static List<string> Lines(string path) => File.ReadAllLines(path).Select(l => JsonNode.Parse(l)!)
            .Select(n => { n.AsObject().Remove("step_ms"); return n.ToJsonString(); }).ToList();
        Assert.Equal(Lines(Path.Combine(dir, "whole", "metrics.jsonl")), Lines(Path.Combine(dir, "parts", "metrics.jsonl")));
    }

    [Fact]
    public void Image_configs_refuse_mixtures_packing_and_unrolling_before_writing_anything()
    {
        var dir = CliRunner.TempDirectory();
        foreach (var (args, key) in new[]
                 {
                     (new[] { "--data:name=ring" }, "data:name"),
                     (new[] { "--discriminator:pack=2" }, "discriminator:pack"),
                     (new[] { "--rule:name=unrolled" }, "rule:name"),
                 })
        {
            var r = Train(dir, "mnist-simgd.json", [.. args, "--out", "run"]);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(key, r.Error);
            Assert.False(Directory.Exists(Path.Combine(dir, "run")));
        }
        var mse = CliRunner.Run(dir, ImageTestData.Environment(), "train", "--game:name=mlp", "--regularizers:mse=1", "--out", "run");
        Assert.Equal(2, mse.ExitCode);
        Assert.Contains("regularizers:mse", mse.Error);
        // A damaged (truncated) training file is never replaced behind the user's back: exit 2, naming the file.
        var damaged = CliRunner.TempDirectory();
        Directory.CreateDirectory(Path.Combine(damaged, "mnist"));
        File.WriteAllBytes(Path.Combine(damaged, "mnist", "train-images-idx3-ubyte"), new byte[100]);
        var missing = CliRunner.Run(dir, new Dictionary<string, string> { ["REALGANLAB_DATA"] = damaged },
            "train", "--config", Path.Combine(CliRunner.RepositoryRoot(), "configs", "mnist-simgd.json"), "--out", "run");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("train-images-idx3-ubyte", missing.Error);
        Assert.Contains("realganlab data fetch mnist", missing.Error);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
    }
}
