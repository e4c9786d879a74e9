using System.Text.Json.Nodes;
using RealGanLab.Training;
using ScottPlot;

namespace RealGanLab.Tests;

/// <summary>
/// The pictures of probe_checkpoints.jsonl: one series per (checkpoint step, generator), the newest line of each, with
/// a legend naming both, a marker per generator and "D as trained" in the title when an averaged G was probed; lines
/// without eigenvalues (or without a step) and torn lines are left out.
/// </summary>
public class ProbeCheckpointPlotTests
{
    const string Title = "MLP GAN on ring, non-saturating · simgd · adam lr=0.001 · seed 0";

    static JsonObject Line(long step, string? generator, double re, double? hessian = null)
    {
        var line = new JsonObject
        {
            ["step"] = step,
            ["eigenvalues"] = new JsonArray(new JsonArray(re, 1.0), new JsonArray(re, -1.0)),
            ["checkpoint"] = "latest.ckpt",
        };
        if (generator is not null) line["generator"] = generator;
        if (hessian is double h)
        {
            foreach (var p in new[] { "G", "D" })
            {
                line[$"hessian_min_{p}"] = -h;
                line[$"hessian_max_{p}"] = h;
            }
        }
        return line;
    }

    static List<ScottPlot.Plottables.Scatter> Legend(Plot plot) =>
        plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Where(s => !string.IsNullOrEmpty(s.LegendText)).ToList();

    [Fact]
    public void One_series_per_step_and_generator_with_a_marker_per_generator()
    {
        var lines = new List<JsonObject>
        {
            Line(40, "uniform", 0.3),
            Line(20, null, 0.9),
            Line(20, "ema", 0.2),
            // Probing step 20's G again: its newest line is the series.
            Line(20, null, 0.1),
            // No eigenvalues: a line the probe could not fill, and one whose eigenvalues were all non-finite (null).
            new() { ["step"] = 30L, ["error"] = "the probe failed" },
            new() { ["step"] = 30L, ["eigenvalues"] = new JsonArray(new JsonArray(null, null)) },
            Line(40, null, 0.4),
        };
        var plot = ProbeCheckpointPlots.SpectrumPlot(lines, Title)!;
        var series = Legend(plot);
        Assert.Equal(["step 20, G", "step 20, EMA of G", "step 40, G", "step 40, uniform average of G"], series.Select(s => s.LegendText));
        Assert.Equal(0.1, series[0].Data.GetScatterPoints()[0].X, 12);
        Assert.Equal(3, series.Select(s => s.MarkerShape).Distinct().Count());
        Assert.Equal(series[0].MarkerShape, series[2].MarkerShape);
        // Colour by step: both series of step 20 share one, step 40's another.
        Assert.Equal(series[0].Color, series[1].Color);
        Assert.NotEqual(series[0].Color, series[2].Color);
        Assert.Contains("D as trained", plot.Axes.Title.Label.Text);
        Assert.EndsWith("seed 0", plot.Axes.Title.Label.Text);
        Assert.Equal("Re λ", plot.Axes.Bottom.Label.Text);
    }

    [Fact]
    public void Only_G_probed_says_nothing_about_D_and_no_eigenvalues_draws_nothing()
    {
        var raw = ProbeCheckpointPlots.SpectrumPlot([Line(20, null, 0.5)], Title)!;
        Assert.Equal(["step 20, G"], Legend(raw).Select(s => s.LegendText));
        Assert.DoesNotContain("D as trained", raw.Axes.Title.Label.Text);
        Assert.Null(ProbeCheckpointPlots.SpectrumPlot([new JsonObject { ["step"] = 20L, ["error"] = "failed" }, new JsonObject { ["eigenvalues"] = new JsonArray() }], Title));
        Assert.Null(ProbeCheckpointPlots.SpectrumPlot([], Title));
    }

    [Fact]
    public void The_hessian_picture_has_a_slot_per_series_and_needs_hessians()
    {
        string[] players = ["G", "D"];
        Assert.Null(ProbeCheckpointPlots.HessianPlot([Line(20, null, 0.5)], players, Title));
        var plot = ProbeCheckpointPlots.HessianPlot([Line(20, null, 0.5, hessian: 2), Line(20, "ema", 0.5, hessian: 3)], players, Title)!;
        Assert.Equal(["λ_min(H_GG)", "λ_max(H_GG)", "λ_min(H_DD)", "λ_max(H_DD)"], Legend(plot).Select(s => s.LegendText));
        var maxG = Legend(plot)[1].Data.GetScatterPoints();
        Assert.Equal([2.0, 3.0], maxG.Select(p => p.Y));
        Assert.Contains("D as trained", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void Many_steps_keep_the_legend_to_the_first_and_last_and_each_generators_first()
    {
        var lines = Enumerable.Range(1, 12).Select(k => Line(100 * k, null, 0.1 * k)).Append(Line(500, "uniform", 0.2)).ToList();
        var plot = ProbeCheckpointPlots.SpectrumPlot(lines, Title)!;
        Assert.Equal(13, plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Count());
        Assert.Equal(["step 100, G", "step 500, uniform average of G", "step 1200, G"], Legend(plot).Select(s => s.LegendText));
    }

    [Fact]
    public void A_torn_last_line_is_left_out()
    {
        var path = Path.Combine(CliRunner.TempDirectory(), "probe_checkpoints.jsonl");
        File.WriteAllText(path, Line(20, null, 0.5).ToJsonString() + "\n" + "{\"step\": 40, \"eigenval");
        var lines = ProbeCheckpointPlots.ReadLines(path);
        Assert.Equal(20L, (long)Assert.Single(lines)["step"]!);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
