using System.Text.Json.Nodes;
using RealGanLab.Data;
using RealGanLab.Metrics;
using RealGanLab.Output;
using ScottPlot;

namespace RealGanLab.Training;

/// <summary>
/// The pictures of a training run: generated samples over the true density with the mode centres and
/// their 3σ high-quality discs, losses and ‖v‖ over time, the mode metrics over time, and the spectrum
/// (eigenvalues in the complex plane per probe; max Re λ, max |Im λ| and the update-operator radius over time).
/// Curves are drawn from metrics.jsonl / probe.jsonl, so a resumed run plots its whole history.
/// </summary>
public static class TrainingPlots
{
    const int SamplesSize = 760;
    const int MetricWidth = 900, MetricHeight = 450;

    public static void Samples(string path, GaussianMixture mixture, double[][] real, double[][] generated, ModeCoverageResult coverage, string title) =>
        Output.PlotFiles.SaveAtomically(SamplesPlot(mixture, real, generated, coverage, title), path, SamplesSize, SamplesSize);

    /// <summary>The samples picture, before it is saved.</summary>
    internal static Plot SamplesPlot(GaussianMixture mixture, double[][] real, double[][] generated, ModeCoverageResult coverage, string title)
    {
        var plot = new Plot();
        var realPoints = plot.Add.ScatterPoints(real.Select(p => p[0]).ToArray(), real.Select(p => p[1]).ToArray(), Colors.SteelBlue.WithAlpha(0.25));
        realPoints.MarkerSize = 3;
        realPoints.LegendText = "data";
        for (int k = 0; k < mixture.ModeCount; k++)
        {
            var disc = plot.Add.Circle(mixture.Means[k][0], mixture.Means[k][1], ModeCoverage.Threshold * mixture.Stds[k]);
            disc.LineColor = coverage.Counts[k] > 0 ? Colors.SeaGreen : Colors.Crimson;
            disc.FillColor = Colors.Transparent;
            disc.LineWidth = 1;
        }
        var finite = generated.Where(p => p.All(double.IsFinite)).ToArray();
        var fake = plot.Add.ScatterPoints(finite.Select(p => p[0]).ToArray(), finite.Select(p => p[1]).ToArray(), Colors.Black.WithAlpha(0.45));
        fake.MarkerSize = 3;
        fake.LegendText = "generated";
        var centres = plot.Add.ScatterPoints(mixture.Means.Select(m => m[0]).ToArray(), mixture.Means.Select(m => m[1]).ToArray(), Colors.OrangeRed);
        centres.MarkerShape = MarkerShape.Cross;
        centres.MarkerSize = 10;
        centres.LegendText = "mode centres (disc: 3σ)";
        var (xMin, xMax, yMin, yMax) = mixture.Bounds(Math.Max(0.5, 0.25 * Span(mixture)));
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Axes.SquareUnits();
        PlotTitles.Apply(plot, title, SamplesSize);
        // The two coordinates of a sample: the plane the mixture lives in.
        plot.XLabel("x₁");
        plot.YLabel("x₂");
        plot.Legend.Alignment = Alignment.UpperRight;
        return plot;
    }

    /// <summary>Losses and ‖v‖ per player against the step.</summary>
    public static void Losses(string path, IReadOnlyList<JsonObject> trainLines, string title)
    {
        var plot = new Plot();
        var steps = trainLines.Select(l => (double)l["step"]!.GetValue<long>()).ToArray();
        foreach (var (key, label) in new[] { ("loss_G", "L_G"), ("loss_D", "L_D") })
            Line(plot, steps, trainLines.Select(l => Value(l, key)).ToArray(), label);
        PlotTitles.Apply(plot, $"Losses\n{title}", 1000);
        plot.XLabel("step");
        plot.YLabel("loss");
        Output.PlotFiles.SaveAtomically(plot, path, 1000, 500);

        var norms = new Plot();
        foreach (var (key, label) in new[] { ("v_norm_G", "‖v_G‖"), ("v_norm_D", "‖v_D‖") })
            Line(norms, steps, trainLines.Select(l => Value(l, key)).ToArray(), label);
        norms.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic();
        PlotTitles.Apply(norms, $"Field norm per player\n{title}", 1000);
        norms.XLabel("step");
        norms.YLabel("‖v‖ (minibatch)");
        Output.PlotFiles.SaveAtomically(norms, System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "field_norms.png"), 1000, 500);
    }

    /// <summary>
    /// Modes captured, high-quality fraction and reverse KL per epoch; an averaged generator's (keys ema/..., uniform/...)
    /// dashed in the same colour next to G's.
    /// </summary>
    public static void ModeMetrics(string path, IReadOnlyList<JsonObject> epochLines, int modeCount, string title)
    {
        var plot = new Plot();
        var steps = epochLines.Select(l => (double)l["step"]!.GetValue<long>()).ToArray();
        var variants = Variants(epochLines);
        foreach (var (key, label, scale) in new[] { ("modes", "modes captured / total", 1.0 / modeCount), ("high_quality", "high-quality fraction", 1.0), ("reverse_kl", "reverse KL", 1.0) })
        {
            var line = Line(plot, steps, epochLines.Select(l => Value(l, key) * scale).ToArray(), label);
            for (int v = 0; v < variants.Count; v++)
            {
                var averaged = Line(plot, steps, epochLines.Select(l => Value(l, $"{variants[v]}/{key}") * scale).ToArray(), $"{label} ({variants[v]})");
                averaged.Color = line.Color;
                averaged.LinePattern = v == 0 ? LinePattern.Dashed : LinePattern.Dotted;
            }
        }
        PlotTitles.Apply(plot, $"Mode metrics (PacGAN protocol, {modeCount} modes)\n{title}", 1000);
        plot.XLabel("step");
        Output.PlotFiles.SaveAtomically(plot, path, 1000, 500);
    }

    /// <summary>
    /// Precision, recall, density and coverage per epoch (plots/manifold_metrics.png), each with its real-vs-real floor
    /// as a dashed line of its colour, and an averaged generator's values dotted next to G's.
    /// </summary>
    public static void ManifoldMetrics(string path, IReadOnlyList<JsonObject> epochLines, ManifoldResult? floor, string title)
    {
        var plot = new Plot();
        var steps = epochLines.Select(l => (double)l["step"]!.GetValue<long>()).ToArray();
        var variants = Variants(epochLines);
        foreach (var (key, floorValue) in new[] { ("precision", floor?.Precision), ("recall", floor?.Recall), ("density", floor?.Density), ("coverage", floor?.Coverage) })
        {
            var line = Line(plot, steps, epochLines.Select(l => Value(l, key)).ToArray(), key);
            foreach (var variant in variants)
            {
                var averaged = Line(plot, steps, epochLines.Select(l => Value(l, $"{variant}/{key}")).ToArray(), $"{key} ({variant})");
                averaged.Color = line.Color;
                averaged.LinePattern = LinePattern.Dotted;
            }
            if (floorValue is { } f)
            {
                var level = plot.Add.HorizontalLine(f);
                level.Color = line.Color;
                level.LinePattern = LinePattern.Dashed;
                level.LegendText = $"{key}, real vs real: {f:0.000}";
            }
        }
        PlotTitles.Apply(plot, $"k-NN precision, recall (k = 3), density, coverage (k = 5) on the 2-D points\n{title}", 1000);
        plot.XLabel("step");
        Output.PlotFiles.SaveAtomically(plot, path, 1000, 500);
    }

    /// <summary>
    /// One picture per image metric (plots/metric_&lt;name&gt;.png) against the step, with the real-data floor as a dashed
    /// line where there is one: the floor is what a perfect generator would score with this classifier. Averaged
    /// generators' values (keys ema/&lt;name&gt;, uniform/&lt;name&gt;) are further lines in the metric's picture.
    /// </summary>
    public static void ImageMetrics(string plotsDirectory, IReadOnlyList<JsonObject> epochLines, IReadOnlyDictionary<string, double>? floor, string title)
    {
        foreach (var (key, plot) in ImageMetricPlots(epochLines, floor, title))
            Output.PlotFiles.SaveAtomically(plot, System.IO.Path.Combine(plotsDirectory, $"metric_{key}.png"), MetricWidth, MetricHeight);
    }

    /// <summary>The pictures of <see cref="ImageMetrics"/> by metric key, before they are saved.</summary>
    internal static IEnumerable<(string Key, Plot Plot)> ImageMetricPlots(IReadOnlyList<JsonObject> epochLines, IReadOnlyDictionary<string, double>? floor, string title)
    {
        var steps = epochLines.Select(l => (double)l["step"]!.GetValue<long>()).ToArray();
        var keys = epochLines.SelectMany(l => l.Select(kv => kv.Key))
            .Where(k => k is not ("kind" or "step" or "epoch") && !k.Contains('/')).Distinct().ToList();
        var variants = Variants(epochLines);
        foreach (var key in keys)
        {
            var plot = new Plot();
            var name = MetricRegistry.Name(key);
            Line(plot, steps, epochLines.Select(l => l[key] is null ? double.NaN : Value(l, key)).ToArray(), variants.Count > 0 ? $"{name} (G)" : name);
            foreach (var variant in variants)
                Line(plot, steps, epochLines.Select(l => Value(l, $"{variant}/{key}")).ToArray(), $"{name} ({variant})");
            if (floor is not null && floor.TryGetValue(key, out var f))
            {
                var line = plot.Add.HorizontalLine(f);
                line.LinePattern = LinePattern.Dashed;
                line.Color = Colors.Gray;
                line.LegendText = $"real test vs train: {f:g4}";
            }
            PlotTitles.Apply(plot, $"{name}\n{title}", MetricWidth);
            plot.XLabel("step");
            plot.YLabel(name);
            yield return (key, plot);
        }
    }

    /// <summary>Eigenvalues in the complex plane (colour = probe time) and the stability numbers over time.</summary>
    public static void Spectrum(string planePath, string timePath, IReadOnlyList<JsonObject> probeLines, string title)
    {
        if (probeLines.Count == 0) return;
        var plane = new Plot();
        for (int i = 0; i < probeLines.Count; i++)
        {
            var points = AddEigenvalues(plane, probeLines[i], ProbeColor(i, probeLines.Count));
            if (i == 0 || i == probeLines.Count - 1) points.LegendText = $"step {probeLines[i]["step"]}";
        }
        LabelPlane(plane, $"Jacobian eigenvalues per probe (early → late: dark → yellow){Held(probeLines)}\n{title}");
        Output.PlotFiles.SaveAtomically(plane, planePath, PlaneWidth, PlaneHeight);

        var time = new Plot();
        var steps = probeLines.Select(l => (double)l["step"]!.GetValue<long>()).ToArray();
        Line(time, steps, probeLines.Select(l => Value(l, "max_real")).ToArray(), "max Re λ");
        Line(time, steps, probeLines.Select(l => Value(l, "max_abs_imag")).ToArray(), "max |Im λ|");
        var radius = Line(time, steps, probeLines.Select(l => Value(l, "update_radius")).ToArray(), "update-operator radius ρ (right axis)");
        radius.Axes.YAxis = time.Axes.Right;
        // On the right axis with ρ, where 1 is the line that matters for both: stable while ρ < 1 and c* > 1.
        var factors = probeLines.Select(l => l["stable_step_unbounded"] is not null ? StableStepCap : Math.Min(Value(l, "stable_step_factor"), StableStepCap)).ToArray();
        if (factors.Any(double.IsFinite))
            Line(time, steps, factors, $"c* = largest stable step ÷ step in use (right axis, capped at {StableStepCap:g})").Axes.YAxis = time.Axes.Right;
        var rotation = probeLines.Select(l => Value(l, "rotation_fraction")).ToArray();
        if (rotation.Any(double.IsFinite))
            Line(time, steps, rotation, "rotation fraction ‖A‖_F/‖J‖_F (right axis)").Axes.YAxis = time.Axes.Right;
        time.Axes.Right.Label.Text = "ρ(I + h·J_rule), c*, ‖A‖/‖J‖";
        PlotTitles.Apply(time, $"Spectrum over time{Held(probeLines)}\n{title}", 1000);
        time.XLabel("step");
        time.YLabel("λ");
        Output.PlotFiles.SaveAtomically(time, timePath, 1000, 500);
    }

    /// <summary>Stable-step factors above this are drawn at it, so that ρ near 1 stays readable.</summary>
    public const double StableStepCap = 10;

    /// <summary>The size of the complex-plane pictures.</summary>
    internal const int PlaneWidth = 900, PlaneHeight = 800;

    /// <summary>
    /// A probe line's eigenvalues: the top-k and those of the extra runs for the rightmost and most rotating ones; the
    /// non-finite ones (null in the log) left out. Empty when the line has none.
    /// </summary>
    internal static (double Re, double Im)[] Eigenvalues(JsonObject probeLine) =>
        ((probeLine["eigenvalues"] as JsonArray) ?? []).Concat((probeLine["extreme_eigenvalues"] as JsonArray) ?? [])
            .Select(e => (Re: Number(e?[0]), Im: Number(e?[1]))).Where(z => double.IsFinite(z.Re) && double.IsFinite(z.Im)).ToArray();

    /// <summary>The eigenvalues of one probe line as points in the complex plane (no legend entry).</summary>
    internal static ScottPlot.Plottables.Scatter AddEigenvalues(Plot plane, JsonObject probeLine, Color color)
    {
        var eig = Eigenvalues(probeLine);
        var points = plane.Add.ScatterPoints(eig.Select(z => z.Re).ToArray(), eig.Select(z => z.Im).ToArray(), color);
        points.MarkerSize = 6;
        return points;
    }

    /// <summary>Probe <paramref name="i"/> of <paramref name="count"/> in time order: dark (early) → yellow (late).</summary>
    internal static Color ProbeColor(int i, int count) => new ScottPlot.Colormaps.Viridis().GetColor(count == 1 ? 1.0 : (double)i / (count - 1));

    /// <summary>The stability boundary Re λ = 0, the title and the axes of a complex-plane picture.</summary>
    internal static void LabelPlane(Plot plane, string title)
    {
        plane.Add.VerticalLine(0, 1, Colors.Gray);
        PlotTitles.Apply(plane, title, PlaneWidth);
        plane.XLabel("Re λ");
        plane.YLabel("Im λ");
    }

    /// <summary>", spectral norm: u, v held fixed" when the probe lines say so (spectral normalization), else nothing.</summary>
    internal static string Held(IReadOnlyList<JsonObject> probeLines) =>
        probeLines[^1]["spectral_norm"] is not null ? $", {Networks.SpectralNormalization.ProbeNote}" : "";

    /// <summary>Per-player Hessian extremes over time (min and max eigenvalue of ∂²L_i/∂x_i²).</summary>
    public static void Hessians(string path, IReadOnlyList<JsonObject> probeLines, IReadOnlyList<string> players, string title)
    {
        if (probeLines.Count == 0 || probeLines[0][$"hessian_min_{players[0]}"] is null) return;
        var plot = new Plot();
        var steps = probeLines.Select(l => (double)l["step"]!.GetValue<long>()).ToArray();
        foreach (var p in players)
        {
            Line(plot, steps, probeLines.Select(l => Value(l, $"hessian_min_{p}")).ToArray(), $"λ_min(H_{p}{p})");
            Line(plot, steps, probeLines.Select(l => Value(l, $"hessian_max_{p}")).ToArray(), $"λ_max(H_{p}{p})");
        }
        PlotTitles.Apply(plot, $"Per-player Hessian extremes (Lanczos){Held(probeLines)}\n{title}", 1000);
        plot.XLabel("step");
        Output.PlotFiles.SaveAtomically(plot, path, 1000, 500);
    }

    static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, double[] ys, string label)
    {
        // NaN (null in the log) breaks a line into segments rather than failing the plot.
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
        line.MarkerSize = xs.Length < 40 ? 4 : 0;
        return line;
    }

    static double Value(JsonObject line, string key) => Number(line[key]);

    /// <summary>The averaged generators in eval lines ("ema", "uniform": the prefixes of their keys), in order of first appearance.</summary>
    static List<string> Variants(IReadOnlyList<JsonObject> epochLines) =>
        epochLines.SelectMany(l => l.Select(kv => kv.Key)).Where(k => k.Contains('/')).Select(k => k[..k.IndexOf('/')]).Distinct().ToList();

    internal static double Number(JsonNode? node) => node is null ? double.NaN : node.GetValue<double>();

    static double Span(GaussianMixture m)
    {
        var (xMin, xMax, yMin, yMax) = m.Bounds(0);
        return Math.Max(xMax - xMin, yMax - yMin);
    }
}
