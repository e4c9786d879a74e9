using System.Diagnostics;
using System.Text.Json.Nodes;
using RealGanLab.Native;

namespace RealGanLab.Tests;

/// <summary>
/// The external-libtorch backend (-p:TorchBackend=external): a build without libtorch that loads the folder named by
/// REALGANLAB_LIBTORCH / --libtorch. Here the folder is the CPU libtorch the test build carries (the same files a pip
/// PyTorch's torch/lib holds, CPU only), laid out like a pip install (torch/lib beside torch/version.py). The fixture
/// builds the external variant once (into artifacts/external/, ~30 s).
/// </summary>
[Trait(TestTier.Category, TestTier.Slow)]
public class ExternalLibTorchTests(ExternalBuildFixture build) : IClassFixture<ExternalBuildFixture>
{
    static readonly string[] LibTorchFiles = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    /// <summary>The CPU libtorch next to the test program (runtimes/linux-x64/native).</summary>
    static string BundledLibTorch() =>
        Directory.GetFiles(AppContext.BaseDirectory, "libtorch_cpu.so", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).First(d => File.Exists(Path.Combine(d!, "libc10.so")))!;

    /// <summary>torch/lib with links to the CPU libtorch (and its OpenMP runtime), torch/version.py stating a version.</summary>
    static string PipLikeFolder(string version)
    {
        var torch = Path.Combine(CliRunner.TempDirectory(), "torch");
        var lib = Path.Combine(torch, "lib");
        Directory.CreateDirectory(lib);
        foreach (var file in Directory.GetFiles(BundledLibTorch()).Where(f => Path.GetFileName(f).StartsWith("lib") && !f.Contains("LibTorchSharp")))
            File.CreateSymbolicLink(Path.Combine(lib, Path.GetFileName(file)), file);
        File.WriteAllText(Path.Combine(torch, "version.py"), $"__version__ = '{version}'\ndebug = False\ncuda: Optional[str] = None\n");
        return lib;
    }

    [Fact]
    public void LoadsTheCpuLibTorchFromAFolderPassesTheSelfTestAndSaysWhyNoCuda()
    {
        var lib = PipLikeFolder("2.10.0+cpu");
        var r = build.Run(new Dictionary<string, string> { [ExternalLibTorch.Variable] = lib }, "info");
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        Assert.Contains("backend         external", r.Output);
        Assert.Contains($"libtorch        2.10.0+cpu ({lib})", r.Output);
        Assert.Contains("self-test       passed", r.Output);
        Assert.Contains("CUDA usable     no", r.Output);
        Assert.Contains("has no CUDA libraries (no libtorch_cuda.so)", r.Output);

        // --libtorch does the same and takes precedence over the variable
        var option = build.Run(new Dictionary<string, string> { [ExternalLibTorch.Variable] = "/nonexistent" }, "info", "--libtorch", lib);
        Assert.Equal(0, option.ExitCode);
        Assert.Contains($"({lib})", option.Output);
    }

    [Fact]
    public void TrainsWithTheExternalLibTorchToTheSameNumbersAsTheBundledBuild()
    {
        var lib = PipLikeFolder("2.10.0+cpu");
        var dir = CliRunner.TempDirectory();
        string[] args = ["train", "--steps", "60", "--train:probeEvery=60", "--train:stepsPerEpoch=60", "--out"];
        var external = build.Run(new Dictionary<string, string> { [ExternalLibTorch.Variable] = lib }, [.. args, Path.Combine(dir, "external")]);
        Assert.True(external.ExitCode == 0, external.Error);
        var bundled = CliRunner.Run(dir, null, [.. args, Path.Combine(dir, "bundled")]);
        Assert.Equal(0, bundled.ExitCode);

        var provenance = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "external", "config.json")))!["provenance"]!;
        Assert.Equal("external", (string?)provenance["backend"]);
        Assert.Equal(lib, (string?)provenance["libTorchOrigin"]);
        Assert.Equal("2.10.0+cpu", (string?)provenance["libTorchVersion"]);
        // Same libtorch binary, same seed: the same training losses, step by step.
        Assert.Equal(Losses(Path.Combine(dir, "bundled")), Losses(Path.Combine(dir, "external")));
    }

    static List<string> Losses(string run) =>
        File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!).Where(n => (string?)n["kind"] == "train")
            .Select(n => $"{n["step"]} {n["loss_G"]} {n["loss_D"]} {n["v_norm_G"]}").ToList();

    [Fact]
    public void WithoutAFolderTheExternalBuildSaysWhatToSet()
    {
        var r = build.Run(null, "train", "--steps", "10", "--out", Path.Combine(CliRunner.TempDirectory(), "run"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("ships no libtorch", r.Error);
        Assert.Contains(ExternalLibTorch.Variable, r.Error);
        Assert.Contains("--libtorch", r.Error);
        Assert.DoesNotContain("Trace from LoadNativeBackend", r.Error); // refused before TorchSharp's own search (which copies files)
    }

    [Fact]
    public void AMissingOrIncompleteFolderIsRefusedNamingWhatIsMissing()
    {
        var missing = build.Run(null, "info", "--libtorch", "/nonexistent/torch/lib");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("'/nonexistent/torch/lib', which is not a folder", missing.Error);

        var empty = CliRunner.TempDirectory();
        File.WriteAllText(Path.Combine(empty, "README"), "not a libtorch");
        var incomplete = build.Run(null, "info", "--libtorch", empty);
        Assert.Equal(2, incomplete.ExitCode);
        Assert.Contains("has no libc10.so, libtorch_cpu.so, libtorch.so", incomplete.Error);
        Assert.Contains("README", incomplete.Error);
        Assert.Contains("import torch", incomplete.Error); // how to find the right folder
    }

    [Fact]
    public void ALibTorchThatLacksSymbolsIsRefusedNamingTheSymbol()
    {
        // A folder whose libtorch_cpu.so is some other library (here the OpenMP runtime): it loads, but TorchSharp's
        // bridge then lacks its symbols — what a libtorch of another version looks like to the loader.
        var lib = PipLikeFolder("2.99.0");
        File.Delete(Path.Combine(lib, "libtorch_cpu.so"));
        var gomp = Directory.GetFiles(BundledLibTorch(), "libgomp*").First();
        File.CreateSymbolicLink(Path.Combine(lib, "libtorch_cpu.so"), gomp);
        var r = build.Run(null, "info", "--libtorch", lib);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("version 2.99.0", r.Error);
        Assert.Contains("does not fit this build's libLibTorchSharp.so", r.Error);
        Assert.Contains("undefined symbol", r.Error);
    }

    [Fact]
    public void TheBundledBuildRefusesASecondLibTorchGivenByOptionAndIgnoresTheVariable()
    {
        var option = CliRunner.Run(CliRunner.TempDirectory(), null, "info", "--libtorch", BundledLibTorch());
        Assert.Equal(2, option.ExitCode);
        Assert.Contains("--libtorch was given, but this build ships its own libtorch (TorchBackend=cpu)", option.Error);

        // The variable, perhaps left exported from the external build: a warning, and the bundled libtorch is used.
        var variable = CliRunner.Run(CliRunner.TempDirectory(), new Dictionary<string, string> { [ExternalLibTorch.Variable] = "/somewhere/torch/lib" }, "info");
        Assert.Equal(0, variable.ExitCode);
        Assert.Contains($"warning: {ExternalLibTorch.Variable} is ignored", variable.Error);
        Assert.Contains("bundled with the program", variable.Output);

        var empty = CliRunner.Run(CliRunner.TempDirectory(), null, "info", "--libtorch=");
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("--libtorch: needs a folder", empty.Error);
    }

    [Fact]
    public void ASweepRefusesABadLibTorchBeforeWritingItsDirectory()
    {
        var dir = CliRunner.TempDirectory();
        var sweep = Path.Combine(CliRunner.RepositoryRoot(), "configs", "sweeps", "smoke.json");
        var r = build.Run(null, "sweep", sweep, "--libtorch", "/nonexistent/torch/lib", "--out", Path.Combine(dir, "sweep"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("which is not a folder", r.Error);
        Assert.False(Directory.Exists(Path.Combine(dir, "sweep")));
    }

    [Fact]
    public void VersionComesFromPipsVersionPyALibTorchArchivesBuildVersionOrANuGetPackagePath()
    {
        var pip = PipLikeFolder("2.11.0+cu130");
        Assert.Equal("2.11.0+cu130", ExternalLibTorch.VersionOf(pip));
        Assert.Equal("2.11.0+cu130", ExternalLibTorch.VersionOf(pip + "/"));
        var archive = Path.Combine(CliRunner.TempDirectory(), "libtorch");
        Directory.CreateDirectory(Path.Combine(archive, "lib"));
        File.WriteAllText(Path.Combine(archive, "build-version"), "2.10.0+cu128\n");
        Assert.Equal("2.10.0+cu128", ExternalLibTorch.VersionOf(Path.Combine(archive, "lib")));
        var nuget = Path.Combine(CliRunner.TempDirectory(), "libtorch-cpu-linux-x64", "2.10.0", "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(nuget);
        Assert.Equal("2.10.0", ExternalLibTorch.VersionOf(nuget));
        Assert.Null(ExternalLibTorch.VersionOf(CliRunner.TempDirectory()));
    }
}
