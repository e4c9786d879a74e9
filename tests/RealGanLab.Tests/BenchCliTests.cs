using System.Globalization;
using System.Text.Json.Nodes;

namespace RealGanLab.Tests;

/// <summary>
/// 'realganlab bench' writes its table and a JSON file with the keys bench/compare_bench.py reads. Only the shape and
/// the internal consistency of the numbers are checked (benchmarks are never timed by tests; these machines are noisy).
/// </summary>
[Trait(TestTier.Category, TestTier.Slow)]
public class BenchCliTests
{
    [Fact]
    public void WritesATableAndJsonWhoseNumbersAgreeWithEachOther()
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, "bench", "--device", "cpu", "--models", "mlp", "--rules", "simgd,consensus", "--warmup", "1",
            "--steps", "5", "--probe-reps", "2", "--json", "bench.json");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("| mlp | 52,483 | 256 | simgd |", r.Output);
        Assert.Contains("| mlp | 52,483 | 256 | consensus |", r.Output);
        Assert.Contains("JVP amortized", r.Output);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "bench.json")))!;
        Assert.Equal("realganlab", (string?)json["tool"]);
        Assert.Equal("cpu", (string?)json["device"]);
        Assert.Equal("cpu", (string?)json["backend"]);
        Assert.Equal(5, (int)json["steps"]!);
        var rows = json["results"]!.AsArray();
        Assert.Equal(["simgd", "consensus"], rows.Select(x => (string)x!["rule"]!));
        foreach (var row in rows)
        {
            double median = (double)row!["median_ms"]!;
            Assert.InRange(median, 1e-3, 60_000);
            Assert.InRange((double)row["steps_per_s"]!, 1000 / median * 0.99, 1000 / median * 1.01);
            Assert.Equal(52483, (long)row["parameters"]!);
            Assert.Equal(256, (int)row["batch"]!);
            Assert.Equal(5, (int)row["samples"]!);
        }

        var probe = json["probe"]!.AsArray().Single()!;
        double gradient = (double)probe["gradient_ms"]!, jvp = (double)probe["jvp_ms"]!, arnoldi = (double)probe["arnoldi_ms"]!;
        int products = (int)probe["arnoldi_products"]!;
        Assert.InRange(gradient, 1e-3, 60_000);
        Assert.InRange((double)probe["jvp_ratio"]!, jvp / gradient - 0.001, jvp / gradient + 0.001);
        Assert.Equal(20, (int)probe["arnoldi_k"]!);
        // top-20 with a subspace of 60: at least one full subspace of products, at most the first plus 3 restarts.
        Assert.InRange(products, 60, 60 * 4);
        Assert.InRange((double)probe["jvp_amortized_ms"]!, arnoldi / products - 0.001, arnoldi / products + 0.001);
        Assert.True(arnoldi > jvp, "an Arnoldi run of dozens of products takes longer than one product");
    }

    [Theory]
    [InlineData("--models", "mpl", "unknown 'mpl'")]
    [InlineData("--rules", "simgd,sga", "unknown 'sga'")]
    [InlineData("--steps", "0", "--steps: must be ≥ 1")]
    [InlineData("--json", "/nonexistent/folder/bench.json", "does not exist")]
    [InlineData("--json", "", "--json: needs a file name")]
    public void BadOptionsAreRefusedBeforeAnythingRuns(string option, string value, string message)
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, "bench", "--device", "cpu", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error);
        Assert.DoesNotContain("| model |", r.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    /// <summary>'bench-metrics' at a small size: one row per dimension a run evaluates in, positive times; bad sizes refused.</summary>
    [Fact]
    public void BenchMetricsTimesTheKnnMetricsAtEachDimensionAndRefusesBadSizes()
    {
        var dir = CliRunner.TempDirectory();
        var r = CliRunner.Run(dir, null, "bench-metrics", "--points", "300", "--reps", "1");
        Assert.True(r.ExitCode == 0, r.Error);
        var rows = r.Output.Split('\n').Where(l => l.StartsWith("| 300 |")).Select(l => l.Split('|', StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(["2", "128", "384"], rows.Select(c => c[2]));
        Assert.All(rows, c => Assert.InRange(double.Parse(c[3], CultureInfo.InvariantCulture), 1e-6, 60));
        foreach (var (option, value) in new[] { ("--points", "5"), ("--reps", "0") })
        {
            var bad = CliRunner.Run(dir, null, "bench-metrics", option, value);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains(option + ": must be", bad.Error);
        }
    }
}
