namespace RealGanLab.Tests;

/// <summary>
/// --device on every command that computes: cuda on a machine (and build) without CUDA is refused at once with the
/// reason and what to do, exit 2, nothing written; a misspelt device gets a suggestion; auto falls back to the CPU and
/// the run records what it resolved to. (CI has no GPU; the CUDA path itself is docs/gpu.md's runbook.)
/// </summary>
[Trait(TestTier.Category, TestTier.Slow)]
public class DeviceSelectionTests
{
    static void AssertCudaRefused(CliRunner.Result r)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("CUDA is not usable", r.Error);
        Assert.Contains("TorchBackend=cpu", r.Error);          // the reason: this build's libtorch is CPU-only
        Assert.Contains("--device cpu or auto", r.Error);      // what to do
    }

    [Fact]
    public void TrainOnCudaWithoutCudaIsRefusedAndWritesNothing()
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, "train", "--steps", "10", "--device", "cuda", "--out", "run");
        AssertCudaRefused(r);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void TheDeviceKeyFromAConfigFileOrTheEnvironmentIsCheckedTheSameWay()
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, new Dictionary<string, string> { ["REALGANLAB_DEVICE"] = "cuda" }, "train", "--steps", "10", "--out", "run");
        AssertCudaRefused(r);
        File.WriteAllText(Path.Combine(dir, "cuda.json"), """{ "device": "cuda", "train": { "steps": 10 } }""");
        AssertCudaRefused(CliRunner.Run(dir, null, "train", "--config", "cuda.json", "--out", "run"));
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
    }

    [Fact]
    public void BenchProbeSweepAndClassifierRefuseCudaToo()
    {
        var dir = CliRunner.TempDirectory();
        AssertCudaRefused(CliRunner.Run(dir, null, "bench", "--device", "cuda", "--models", "mlp"));
        AssertCudaRefused(CliRunner.Run(dir, null, "classifier", "train", "--device", "cuda"));
        var sweep = Path.Combine(CliRunner.RepositoryRoot(), "configs", "sweeps", "smoke.json");
        AssertCudaRefused(CliRunner.Run(dir, null, "sweep", sweep, "--device", "cuda", "--out", "sweep"));
        Assert.False(Directory.Exists(Path.Combine(dir, "sweep")));

        // probe on a saved run, moved to CUDA
        var train = CliRunner.Run(dir, null, "train", "--steps", "20", "--train:probeEvery=0", "--out", "run");
        Assert.Equal(0, train.ExitCode);
        AssertCudaRefused(CliRunner.Run(dir, null, "probe", "run", "--device", "cuda"));
        Assert.False(File.Exists(Path.Combine(dir, "run", "probe_checkpoints.jsonl")));
    }

    [Fact]
    public void AnUnknownDeviceGetsASuggestion()
    {
        var r = CliRunner.Run(CliRunner.TempDirectory(), null, "train", "--steps", "10", "--device", "cdua", "--out", "run");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown device 'cdua'", r.Error);
        Assert.Contains("cuda", r.Error);
        var bench = CliRunner.Run(CliRunner.TempDirectory(), null, "bench", "--device", "gpu");
        Assert.Equal(2, bench.ExitCode);
        Assert.Contains("unknown device 'gpu'", bench.Error);
    }

    [Fact]
    public void AutoFallsBackToTheCpuAndTheRunRecordsIt()
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, "train", "--steps", "20", "--train:probeEvery=0", "--device", "auto", "--out", "run");
        Assert.Equal(0, r.ExitCode);
        var provenance = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "config.json")))!["provenance"]!;
        Assert.Equal("auto", (string?)provenance["device"]);
        Assert.Equal("cpu", (string?)provenance["deviceUsed"]);
        Assert.Equal("cpu", (string?)provenance["backend"]);
        Assert.StartsWith("bundled", (string?)provenance["libTorchOrigin"]);
    }
}
