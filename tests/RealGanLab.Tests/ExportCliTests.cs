using System.Text.Json.Nodes;

namespace RealGanLab.Tests;

/// <summary>
/// 'realganlab export' read by real PyTorch: /usr/bin/python3 with Debian's python3-torch loads the exported run with
/// interop/realganlab_torch.py and reproduces G(noise), D(real) and D(generated) to 1e-5 — an MLP run with PacGAN's
/// packed D and averaged generators, and a DCGAN run with BatchNorm. Without PyTorch these report skipped (failed
/// where .ci/run installed it and set REALGANLAB_REQUIRE_TORCH=1). Bad requests are refused with exit 2, nothing written.
/// </summary>
[Trait(TestTier.Category, TestTier.Slow)]
public class ExportCliTests
{
    internal const string Python = "/usr/bin/python3";

    internal static readonly string[] TinyMlp =
    [
        "--generator:hiddenLayers=2", "--generator:width=32", "--discriminator:hiddenLayers=2", "--discriminator:width=32", "--discriminator:pack=2",
        "--train:steps=40", "--train:stepsPerEpoch=20", "--train:probeEvery=0", "--train:evalSamples=200", "--averaging:ema=true",
    ];

    [SkippableFact]
    public void PyTorchReproducesAnExportedMlpRunWithItsAveragedGenerator()
    {
        RequirePyTorch();
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, ["train", .. TinyMlp, "--out", "run"]);
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        var export = CliRunner.Run(dir, null, "export", "run", "--checkpoint", "latest", "--out", "exported");
        Assert.True(export.ExitCode == 0, export.Error + export.Output);
        Assert.Equal(["batch.pt", "discriminator.pt", "export.json", "generator.pt", "generator_ema.pt"],
            Directory.GetFiles(Path.Combine(dir, "exported")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var description = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "exported", "export.json")))!;
        Assert.Equal(40, (long)description["step"]!);
        Assert.Equal("packed_mlp", (string?)description["discriminator"]!["kind"]);
        Assert.Equal(2, (int)description["discriminator"]!["pack"]!);
        // The ring's geometry: 8 means on the unit circle, the first at (1, 0), std 0.01 (the defaults of the data: section).
        var means = description["mixture"]!["means"]!.AsArray();
        Assert.Equal(8, means.Count);
        Assert.Equal(1.0, (double)means[0]![0]!, 12);
        Assert.Equal(0.0, (double)means[0]![1]!, 12);
        Assert.Equal(Math.Sqrt(0.5), (double)means[1]![0]!, 12);
        Assert.All(means, m => Assert.Equal(1.0, Math.Sqrt(Math.Pow((double)m![0]!, 2) + Math.Pow((double)m![1]!, 2)), 12));
        Assert.All(description["mixture"]!["stds"]!.AsArray(), s => Assert.Equal(0.01, (double)s!, 15));
        AssertPyTorchAgrees(Path.Combine(dir, "exported"), ["generator", "discriminator", "generator_ema"]);
    }

    [SkippableFact]
    public void PyTorchReproducesAnExportedDcganRunWithBatchNorm()
    {
        RequirePyTorch();
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, ImageTestData.Environment(), "train", "--config", Path.Combine(CliRunner.RepositoryRoot(), "configs", "mnist-simgd.json"),
            "--generator:width=16", "--discriminator:width=16", "--game:batchSize=16", "--train:steps=10", "--train:stepsPerEpoch=10",
            "--train:evalSamples=100", "--train:probeEvery=0", "--out", "run");
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        var export = CliRunner.Run(dir, ImageTestData.Environment(), "export", "run", "--out", "exported");
        Assert.True(export.ExitCode == 0, export.Error + export.Output);
        var description = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "exported", "export.json")))!;
        Assert.Equal("batch", (string?)description["generator"]!["normalization"]);
        Assert.Null(description["mixture"]);    // only the 2-D mixture games have one
        AssertPyTorchAgrees(Path.Combine(dir, "exported"), ["generator", "discriminator"]);
    }

    [Fact]
    public void BadRequestsAreRefusedAndWriteNothing()
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, ["train", .. TinyMlp, "--train:keepEvery=20", "--out", "run"]);
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        Directory.CreateDirectory(Path.Combine(dir, "full"));
        File.WriteAllText(Path.Combine(dir, "full", "notes.txt"), "mine");
        foreach (var (args, message) in new (string[], string)[]
                 {
                     (["export", "run"], "--out: is missing"),
                     (["export", "run", "--out", "full"], "exists and is not empty"),
                     (["export", "run", "--checkpoint", "7", "--out", "x"], "no checkpoint 'step_000000007.ckpt'"),
                     (["export", "nowhere", "--out", "x"], "has no config.json"),
                 })
        {
            var refused = CliRunner.Run(dir, null, args);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains(message, refused.Error);
        }
        Assert.False(Directory.Exists(Path.Combine(dir, "x")));
        Assert.Equal(["notes.txt"], Directory.GetFiles(Path.Combine(dir, "full")).Select(Path.GetFileName));
        Assert.Empty(Directory.GetDirectories(dir, ".*export*"));
        // A numbered checkpoint by its step.
        var byStep = CliRunner.Run(dir, null, "export", "run", "--checkpoint", "20", "--out", "at20");
        Assert.True(byStep.ExitCode == 0, byStep.Error);
        Assert.Equal(20, (long)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "at20", "export.json")))!["step"]!);
    }

    internal static void RequirePyTorch() =>
        RequiredTool.SkipUnless(Run(Python, "-c", "import torch").Code == 0, "REALGANLAB_REQUIRE_TORCH",
            $"{Python} cannot import torch (apt-get install python3-torch)");

    /// <summary>Loads every network in PyTorch (strict state dicts) and checks the outputs against RealGanLab's.</summary>
    static void AssertPyTorchAgrees(string folder, string[] networks)
    {
        var script = Path.Combine(CliRunner.RepositoryRoot(), "interop", "realganlab_torch.py");
        var check = Run(Python, script, "--check", folder);
        Assert.True(check.Code == 0, check.Output);
        Assert.Contains("agree to 1e-5", check.Output);
        var loaded = Run(Python, "-c",
            $"import sys; sys.path.insert(0, {Quote(Path.GetDirectoryName(script)!)}); import realganlab_torch as r; " +
            $"p = r.load({Quote(folder)}); print(sorted(k for k in p if k != 'description'))");
        Assert.True(loaded.Code == 0, loaded.Output);
        Assert.Contains("[" + string.Join(", ", networks.Order(StringComparer.Ordinal).Select(n => $"'{n}'")) + "]", loaded.Output);
    }

    internal static string Quote(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    /// <summary>A program's exit code and its stdout and stderr together; 127 when it is not there.</summary>
    internal static (int Code, string Output) Run(string file, params string[] args)
    {
        if (!File.Exists(file)) return (127, $"{file} is missing");
        var r = CliRunner.RunExecutable(file, Directory.GetCurrentDirectory(), null, args);
        return (r.ExitCode, r.Output + r.Error);
    }
}
