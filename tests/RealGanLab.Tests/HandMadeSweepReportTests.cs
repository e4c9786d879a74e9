using System.Text.Json.Nodes;
using RealGanLab.Sweeps;
using RealGanLab.Sweeps.Reports;
using RealGanLab.Training;

namespace RealGanLab.Tests;

/// <summary>
/// The report of a hand-made sweep directory (no training): image-game metrics and their floors, a diverged member and
/// one being trained now, read in-process.
/// </summary>
public class HandMadeSweepReportTests
{
    [Fact]
    public void MnistMetricsAndDivergedMembersAreReported()
    {
        var dir = CliRunner.TempDirectory();
        try
        {
            var scores = new[] { 8.5, 9.25 };
            for (int s = 0; s < 2; s++)
                FakeRun(Path.Combine(dir, $"r1_s{s}"), "completed", new JsonObject
                {
                    ["mnist_score"] = scores[s], ["frechet_distance"] = 10.0 + s, ["class_kl"] = 0.05,
                    ["floor_mnist_score"] = 9.9, ["floor_frechet_distance"] = 0.4, ["floor_class_kl"] = 0.001,
                });
            FakeRun(Path.Combine(dir, "simgd_s0"), "diverged", null);
            // A member being trained now: it holds the run lock, and its metrics.jsonl ends in half a line.
            var running = Path.Combine(dir, "simgd_s1");
            Directory.CreateDirectory(running);
            File.WriteAllText(Path.Combine(running, "config.json"), "{\"config\":{\"train\":{\"steps\":100}}}");
            File.WriteAllText(Path.Combine(running, "metrics.jsonl"),
                "{\"kind\":\"train\",\"step\":50,\"epoch\":0,\"loss_G\":0.7,\"loss_D\":1.3}\n{\"kind\":\"train\",\"st");
            using var held = RealGanLab.Output.FileLock.TryAcquire(Path.Combine(running, ".lock"));
            Assert.NotNull(held);
            new SweepManifest
            {
                Name = "mnist",
                Axes = [new SweepManifestAxis { Name = "rule", Values = ["r1", "simgd"] }, new SweepManifestAxis { Name = "seed", Values = ["0", "1"] }],
                Members =
                [
                    Member("r1_s0", "r1", 0), Member("r1_s1", "r1", 1), Member("simgd_s0", "simgd", 0), Member("simgd_s1", "simgd", 1),
                ],
            }.Write(dir);

            var report = SweepReport.Load(dir);
            Assert.Equal([RunStatus.Completed, RunStatus.Completed, RunStatus.Diverged, RunStatus.Running], report.Members.Select(m => m.Status));
            Assert.Equal(50, report.Members[3].State.Step);
            Assert.Equal("loss_D = NaN", report.Members[2].State.Detail);
            var r1 = report.Groups[0].Metrics["mnist_score"];
            Assert.Equal(8.875, r1.Mean, 12);
            Assert.Equal(Math.Sqrt(2 * 0.375 * 0.375), r1.Std, 12);
            Assert.Equal(0, report.Groups[1].Metrics["mnist_score"].N);
            Assert.Equal(0.4, report.ConstantMetrics["floor_frechet_distance"]);

            var outputs = SweepReportWriter.Write(report, dir, DateTimeOffset.UnixEpoch);
            var md = File.ReadAllText(outputs.SummaryMarkdown);
            Assert.Contains("| mnist_score | higher | 8.875 ± 0.5303 (n=2) | — |", md);
            Assert.Contains("| frechet_distance | lower | 10.5 ± 0.7071 (n=2) | — |", md);
            Assert.Contains("floor_mnist_score = 9.9", md);
            Assert.Contains("diverged: loss_D = NaN", md);
            Assert.Contains("| 50/100 |", md);
            // The last probe's rotation fraction and stable-step factor, per member (the diverged one: no stable step).
            Assert.Equal(0.625, report.Members[0].RotationFraction);
            Assert.Equal(double.PositiveInfinity, report.Members[1].StableStepFactor);
            Assert.Equal(0.0, report.Members[2].StableStepFactor);
            Assert.Null(report.Members[3].StableStepFactor);
            Assert.Contains("| ‖A‖/‖J‖ | stable step ÷ h |", md);
            Assert.Contains("| 0.1 | 2 | 0.625 | Infinity |", md);
            var csv = File.ReadAllLines(outputs.SummaryCsv);
            Assert.EndsWith(",max_real,max_abs_imag,rotation_fraction,stable_step_factor", csv[0]);
            Assert.EndsWith(",0.1,2,0.625,0", csv[3]);
            Assert.True(File.Exists(Path.Combine(outputs.PlotDirectory, "metric_mnist_score.png")));
            Assert.True(File.Exists(Path.Combine(outputs.PlotDirectory, "curve_mnist_score.png")));
            Assert.False(File.Exists(Path.Combine(outputs.PlotDirectory, "metric_floor_class_kl.png")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static SweepManifestMember Member(string name, string rule, int seed) => new()
    {
        Name = name,
        Settings = new Dictionary<string, string> { ["rule"] = rule, ["seed"] = seed.ToString() },
        Group = $"rule={rule}",
        Seed = seed,
    };

    /// <summary>A finished run directory as 'realganlab train' leaves it, written by hand (image-game metrics).</summary>
    internal static void FakeRun(string path, string status, JsonObject? final)
    {
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "config.json"), "{\"config\":{\"train\":{\"steps\":100}}}");
        var eval = final is null ? "" : "{\"kind\":\"eval\",\"step\":100,\"epoch\":1,\"mnist_score\":" + final["mnist_score"] + "}\n";
        File.WriteAllText(Path.Combine(path, "metrics.jsonl"),
            "{\"kind\":\"train\",\"step\":50,\"epoch\":0,\"loss_G\":0.7,\"loss_D\":1.3,\"v_norm_G\":0.5,\"v_norm_D\":0.4}\n" + eval);
        var summary = new JsonObject
        {
            ["status"] = status, ["step"] = status == "diverged" ? 60 : 100, ["steps"] = 100, ["final"] = final,
            ["stepsPerSecond"] = 12.5, ["seconds"] = 8.0,
            ["finalProbe"] = new JsonObject
            {
                ["step"] = 100, ["max_real"] = 0.1, ["max_abs_imag"] = 2.0, ["update_radius"] = 1.0,
                // As the trainer writes them: a fraction, and "Infinity" where nothing bounds the step.
                ["rotation_fraction"] = 0.625, ["stable_step_factor"] = status == "diverged" ? 0.0 : "Infinity",
            },
        };
        if (status == "diverged") summary["cause"] = "loss_D = NaN";
        File.WriteAllText(Path.Combine(path, "summary.json"), summary.ToJsonString());
        File.WriteAllText(Path.Combine(path, "DONE"), status == "diverged" ? "diverged at step 60\n" : "completed\n");
    }
}
