using System.Text.Json;

namespace RealGanLab.Tests;

/// <summary>The realganlab command as a user runs it: outputs, exit codes, messages, help.</summary>
[NoGarbageCollection]
public class CliTests
{
    [Fact]
    public void FieldWritesEveryOutputAndTheSpectrumOfTheFollowedField()
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, "field", "--game", "dirac", "--rule", "consensus", "--gamma", "1", "--steps", "800", "--out", "run");
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        var run = Path.Combine(dir, "run");
        foreach (var file in new[] { "config.json", "spectrum.json", "trajectory.csv", "field.png", "params.png" })
            Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing");
        foreach (var png in new[] { "field.png", "params.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(run, png));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.InRange(bytes.Length, 20_000, 5_000_000);
        }
        var spectrum = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "spectrum.json"))).RootElement;
        var eigenvalues = spectrum.GetProperty("eigenvalues").EnumerateArray()
            .Select(e => new System.Numerics.Complex(e.GetProperty("re").GetDouble(), e.GetProperty("im").GetDouble())).ToArray();
        TestSupport.AssertSameSpectrum([new(-0.25, 0.5), new(-0.25, -0.5)], eigenvalues, 1e-9);
        Assert.InRange(spectrum.GetProperty("update_operator_spectral_radius").GetDouble(), 0.0, 0.999);
        Assert.Equal("Converges", spectrum.GetProperty("trajectory").GetProperty("outcome").GetString());
        Assert.InRange(spectrum.GetProperty("trajectory").GetProperty("final_distance").GetDouble(), 0.0, 1e-6);
        Assert.Contains("converges", r.Output);
        Assert.Equal(802, File.ReadAllLines(Path.Combine(run, "trajectory.csv")).Length);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement;
        Assert.Equal("consensus", config.GetProperty("config").GetProperty("rule").GetProperty("name").GetString());
        Assert.Equal("0.107.0", config.GetProperty("provenance").GetProperty("torchSharpVersion").GetString());
        Assert.Empty(Directory.GetDirectories(dir, ".*partial*"));
    }

    [Theory]
    [InlineData("rule:gama", "--rule:gama=1")]
    [InlineData("rule:gamma", "--rule:gamma=-1")]
    [InlineData("rule:name", "--rule", "consensos")]
    [InlineData("regularizers:r3", "--regularizers:r3=1")]
    [InlineData("field:steps", "--field:steps=many")]
    public void BadInputExitsTwoNamingTheKeyAndWritesNothing(string key, params string[] args)
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, ["field", "--out", "run", .. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(key, r.Error);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void AnOptionOfTheWrongTypeExitsTwo()
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, "field", "--steps", "abc", "--out", "run");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("abc", r.Error);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
    }

    [Fact]
    public void AnExistingOutputDirectoryIsNotOverwrittenWithoutForce()
    {
        var dir = CliRunner.TempDirectory();
        var run = Directory.CreateDirectory(Path.Combine(dir, "run")).FullName;
        File.WriteAllText(Path.Combine(run, "keep.txt"), "result");
        var r = CliRunner.Run(dir, null, "field", "--steps", "10", "--out", "run");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--force", r.Error);
        Assert.Equal("result", File.ReadAllText(Path.Combine(run, "keep.txt")));
    }

    [Fact]
    public void EnvironmentVariablesSitBetweenTheFileAndTheCommandLine()
    {
        var dir = CliRunner.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "c.json"), """{ "rule": { "gamma": 0.5, "nDis": 4 }, "field": { "steps": 9 } }""");
        var env = new Dictionary<string, string> { ["REALGANLAB_rule__gamma"] = "2.5", ["REALGANLAB_rule__nDis"] = "3" };
        var r = CliRunner.Run(dir, env, "config", "--config", "c.json", "--rule:nDis=2");
        Assert.True(r.ExitCode == 0, r.Error);
        var rule = JsonDocument.Parse(r.Output).RootElement.GetProperty("rule");
        Assert.Equal(2.5, rule.GetProperty("gamma").GetDouble());
        Assert.Equal(2, rule.GetProperty("nDis").GetInt32());
        var bad = CliRunner.Run(dir, new Dictionary<string, string> { ["REALGANLAB_rule__gamaa"] = "1" }, "config");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("rule:gamaa", bad.Error);
    }

    [Fact]
    public void HelpDescribesEveryOption()
    {
        var dir = CliRunner.TempDirectory();
        var root = CliRunner.Run(dir, null, "--help");
        Assert.Equal(0, root.ExitCode);
        foreach (var command in new[] { "field", "config", "info" }) Assert.Contains(command, root.Output);
        var field = CliRunner.Run(dir, null, "field", "--help");
        Assert.Equal(0, field.ExitCode);
        foreach (var option in new[] { "--game", "--rule", "--steps", "--lr", "--gamma", "--r1", "--mse", "--out", "--config", "section:key=value" })
            Assert.Contains(option, field.Output);
    }

    [Fact]
    public void InfoReportsTheBackendTheLoadedLibTorchTheSelfTestAndWhyCudaIsNotUsable()
    {
        var r = CliRunner.Run(CliRunner.TempDirectory(), null, "info");
        Assert.Equal(0, r.ExitCode);
        // Every line is "key (padded to 15) value".
        var lines = r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l[..Math.Min(15, l.Length)].Trim(), l => l.Length > 16 ? l[16..].Trim() : "");
        Assert.StartsWith("cpu (libtorch bundled", lines["backend"]);
        Assert.Equal("0.107.0", lines["TorchSharp"]);
        // On a Linux x64 host the build restores only the Linux libtorch package (src/RealGanLab/RealGanLab.csproj).
        Assert.Equal(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64
            ? "2.10.0 (bundled with the program (libtorch-cpu-linux-x64 2.10.0))"
            : "2.10.0 (bundled with the program (TorchSharp-cpu 0.107.0))", lines["libtorch"]);
        Assert.Equal($"passed ({RealGanLab.Native.LibTorchSelfTest.Checks.Count} checks on the CPU)", lines["self-test"]);
        Assert.Equal("no", lines["CUDA usable"]);
        Assert.Contains("CPU-only (TorchBackend=cpu)", lines["why not"]);
        Assert.Contains("docs/gpu.md", lines["why not"]);
        Assert.True(int.Parse(lines["CPU threads"]) >= 1);
        // CI machines have no NVIDIA driver; a workstation running these tests may.
        Assert.True(lines["NVIDIA driver"] == "none" || lines["NVIDIA driver"].StartsWith("CUDA "), lines["NVIDIA driver"]);
    }
}
