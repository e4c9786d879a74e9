using System.Text.Json.Nodes;
using RealGanLab.Data;
using RealGanLab.Metrics;
using RealGanLab.Output;
using RealGanLab.Training;
using SkiaSharp;

namespace RealGanLab.Tests;

/// <summary>
/// The training plots say what they show: the 2-D sample plots label their axes x₁ and x₂, the image-metric plots use
/// readable metric names (not metrics.jsonl keys), and no title line is wider than its picture.
/// </summary>
public class TrainingPlotLabelTests
{
    const string LongTitle = "MLP GAN on ring, non-saturating · consensus γ=1 (batch) · adam lr=0.001 · seed 0";

    [Fact]
    public void Sample_plots_label_both_coordinates_and_fit_the_title()
    {
        var mixture = Mixtures.Ring(8, 1, 0.01);
        double[][] points = [[1, 0], [0, 1], [-1, 0], [0.7, 0.7]];
        var plot = TrainingPlots.SamplesPlot(mixture, points, points, ModeCoverage.Evaluate(points, mixture), $"epoch 3, step 1500: 8/8 modes\n{LongTitle}");
        Assert.Equal("x₁", plot.Axes.Bottom.Label.Text);
        Assert.Equal("x₂", plot.Axes.Left.Label.Text);
        AssertTitleFits(plot.Axes.Title.Label.Text, 760);
        Assert.Contains("seed 0", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void Image_metric_plots_use_readable_names()
    {
        var lines = new List<JsonObject>
        {
            new() { ["kind"] = "eval", ["step"] = 100L, ["epoch"] = 1, ["mnist_score"] = 6.5, ["frechet_distance"] = 40.0, ["class_kl"] = 0.2 },
            new() { ["kind"] = "eval", ["step"] = 200L, ["epoch"] = 2, ["mnist_score"] = 8.1, ["frechet_distance"] = 20.0, ["class_kl"] = 0.1 },
        };
        var floor = new Dictionary<string, double> { ["mnist_score"] = 9.9, ["frechet_distance"] = 0.5, ["class_kl"] = 0.001 };
        var plots = TrainingPlots.ImageMetricPlots(lines, floor, LongTitle).ToDictionary(p => p.Key, p => p.Plot);
        Assert.Equal(["class_kl", "frechet_distance", "mnist_score"], plots.Keys.Order());
        Assert.Equal("MNIST score", plots["mnist_score"].Axes.Left.Label.Text);
        Assert.Equal("Fréchet distance (classifier features)", plots["frechet_distance"].Axes.Left.Label.Text);
        Assert.Equal("class-histogram KL to uniform", plots["class_kl"].Axes.Left.Label.Text);
        foreach (var (key, plot) in plots)
        {
            Assert.DoesNotContain(key, plot.Axes.Title.Label.Text);
            Assert.StartsWith(MetricRegistry.Name(key) + "\n", plot.Axes.Title.Label.Text);
            AssertTitleFits(plot.Axes.Title.Label.Text, 900);
        }
        // And as written into a run's plots/.
        var dir = CliRunner.TempDirectory();
        TrainingPlots.ImageMetrics(dir, lines, floor, LongTitle);
        using (var png = SKBitmap.Decode(Path.Combine(dir, "metric_frechet_distance.png")))
            Assert.Equal((900, 450), (png.Width, png.Height));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void A_fitted_title_breaks_at_the_separators_and_keeps_every_word()
    {
        var fitted = PlotTitles.Fit(LongTitle, 300);
        Assert.Equal(["MLP GAN on ring, non-saturating", "consensus γ=1 (batch)", "adam lr=0.001 · seed 0"], fitted.Split('\n'));
        Assert.Equal(LongTitle, PlotTitles.Fit(LongTitle, 2000));
    }

    /// <summary>Every title line, drawn in the default font at the title's size, is narrower than the picture.</summary>
    static void AssertTitleFits(string title, int width)
    {
        using var font = new SKFont(SKTypeface.Default, PlotTitles.FontSize);
        foreach (var line in title.Split('\n'))
            Assert.True(font.MeasureText(line) < width, $"'{line}' is {font.MeasureText(line):F0} px wide, the picture {width}");
    }
}
