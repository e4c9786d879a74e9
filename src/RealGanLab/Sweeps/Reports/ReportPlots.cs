using RealGanLab.Training;
using ScottPlot;

namespace RealGanLab.Sweeps.Reports;

/// <summary>
/// The report's plots (ScottPlot, as the run plots in Training/TrainingPlots.cs): per final metric the groups'
/// seeds as dots over a mean ± std bar; training curves and the probe spectrum over time with one colour per
/// group and a thin line per seed. Each PNG is written to a temporary name and renamed into place.
/// </summary>
public static class ReportPlots
{
    /// <summary>Pseudo-metric name of steps per second in the per-group plots.</summary>
    public const string StepsPerSecond = "steps_per_second";

    public static Color GroupColor(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>Draws every plot of the report into <paramref name="directory"/> and returns them in report order.</summary>
    public static IReadOnlyList<ReportFigure> Draw(SweepReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var figures = new List<ReportFigure>();
        foreach (var metric in report.VaryingMetrics.Append(StepsPerSecond))
            if (FinalMetric(report, metric, directory) is { } figure) figures.Add(figure);

        var curves = report.Members.DistinctBy(m => m.Name).ToDictionary(m => m.Name, m => MemberCurves.Read(m.Directory));
        foreach (var key in curves.Values.SelectMany(c => c.Training.Concat(c.Evaluation)).Select(s => s.Key).Distinct().ToList())
            figures.Add(Overlay(report, curves, key, c => c.Training.Concat(c.Evaluation), ReportSection.TrainingCurves, directory));
        foreach (var key in MemberCurves.SpectrumKeys.Where(k => curves.Values.Any(c => c.Spectrum.Any(s => s.Key == k))))
            figures.Add(Overlay(report, curves, key, c => c.Spectrum, ReportSection.Spectrum, directory));
        return figures;
    }

    /// <summary>One final metric per group: a bar at the mean with a ±std error bar, each completed seed a dot.</summary>
    static ReportFigure? FinalMetric(SweepReport report, string metric, string directory)
    {
        var plot = new Plot();
        bool any = false;
        for (int g = 0; g < report.Groups.Count; g++)
        {
            var group = report.Groups[g];
            var summary = metric == StepsPerSecond ? group.StepsPerSecond : group.Metrics[metric];
            var color = GroupColor(g);
            if (summary.N > 0)
            {
                var bar = new Bar
                {
                    Position = g,
                    Value = summary.Mean,
                    Error = double.IsFinite(summary.Std) ? summary.Std : 0,
                    FillColor = color.WithAlpha(0.3),
                    LineColor = color,
                    Size = 0.6,
                };
                plot.Add.Bars(new[] { bar });
            }
            var completed = group.Members.Where(m => m.Status == Training.RunStatus.Completed).ToList();
            var values = completed.Select(m => metric == StepsPerSecond ? m.StepsPerSecond ?? double.NaN : m.Final.GetValueOrDefault(metric, double.NaN)).ToList();
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < values.Count; i++)
            {
                if (!double.IsFinite(values[i])) continue;
                // Spread the seeds across the bar so equal values stay visible.
                xs.Add(g + (values.Count == 1 ? 0 : -0.2 + 0.4 * i / (values.Count - 1)));
                ys.Add(values[i]);
            }
            if (xs.Count == 0) continue;
            any = true;
            var dots = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 8, color);
            dots.MarkerStyle.OutlineColor = Colors.Black;
            dots.MarkerStyle.OutlineWidth = 1;
        }
        if (!any) return null;
        var label = metric == StepsPerSecond ? "steps / s" : metric;
        plot.Title($"{label} — {report.Manifest.Name}", 13);
        plot.YLabel(label);
        Categories(plot, report);
        var path = Path.Combine(directory, $"metric_{FileSafe(metric)}.png");
        Save(plot, path, Math.Max(560, 120 * report.Groups.Count), 420);
        return new ReportFigure(ReportSection.FinalMetrics, path,
            $"{label}: completed seeds as dots, bar = mean ± sample std per group");
    }

    /// <summary>One quantity over steps: one colour per group, a thin line per seed.</summary>
    static ReportFigure Overlay(SweepReport report, IReadOnlyDictionary<string, MemberCurves> curves, string key,
        Func<MemberCurves, IEnumerable<CurveSeries>> select, ReportSection section, string directory)
    {
        var plot = new Plot();
        for (int g = 0; g < report.Groups.Count; g++)
        {
            bool labelled = false;
            foreach (var member in report.Groups[g].Members)
            {
                var series = select(curves[member.Name]).FirstOrDefault(s => s.Key == key);
                if (series is null || series.Steps.Length == 0) continue;
                var values = key == "stable_step_factor" ? series.Values.Select(CapStableStep).ToArray() : series.Values;
                var line = plot.Add.ScatterLine(series.Steps, values, GroupColor(g).WithAlpha(0.85));
                line.LineWidth = 1.2f;
                line.MarkerSize = series.Steps.Length < 30 ? 4 : 0;
                if (!labelled) line.LegendText = report.Groups[g].Name;
                labelled = true;
            }
        }
        if (key == "max_real")
        {
            var zero = plot.Add.HorizontalLine(0);
            zero.LinePattern = LinePattern.Dashed;
            zero.Color = Colors.Gray;
            zero.LegendText = "Re λ = 0";
        }
        if (key == "stable_step_factor")
        {
            // Above this line the step in use is stable for the linearised rule; 0 means no step is (some Re λ ≥ 0).
            var inUse = plot.Add.HorizontalLine(1);
            inUse.LinePattern = LinePattern.Dashed;
            inUse.Color = Colors.Gray;
            inUse.LegendText = "the step in use";
        }
        var label = Label(key);
        var note = key == "stable_step_factor" ? $" (0: no step is stable; capped at {TrainingPlots.StableStepCap:g})" : "";
        plot.Title($"{label} over training{note} — {report.Manifest.Name}", 13);
        plot.XLabel("step");
        plot.YLabel(label);
        plot.ShowLegend(Alignment.UpperRight);
        var path = Path.Combine(directory, $"{(section == ReportSection.Spectrum ? "spectrum" : "curve")}_{FileSafe(key)}.png");
        Save(plot, path, 760, 420);
        return new ReportFigure(section, path, $"{label}: one colour per group, one line per seed");
    }

    static string Label(string key) => key switch
    {
        "max_real" => "max Re λ (J of v)",
        "max_abs_imag" => "max |Im λ|",
        "rotation_fraction" => "rotation fraction ‖A‖_F / ‖J‖_F",
        "stable_step_factor" => "largest stable step ÷ step in use",
        "loss_G" => "L_G",
        "loss_D" => "L_D",
        _ when key.StartsWith("v_norm_", StringComparison.Ordinal) => $"‖v_{key["v_norm_".Length..]}‖",
        _ => key,
    };

    /// <summary>+∞ (nothing bounds the step) and large factors drawn at the cap, as the run's own spectrum plot does.</summary>
    static double CapStableStep(double factor) => double.IsNaN(factor) ? factor : Math.Min(factor, TrainingPlots.StableStepCap);

    static void Categories(Plot plot, SweepReport report)
    {
        var positions = Enumerable.Range(0, report.Groups.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, report.Groups.Select(g => g.Name).ToArray());
        if (report.Groups.Sum(g => g.Name.Length) > 60) plot.Axes.Bottom.TickLabelStyle.Rotation = -20;
        plot.HideGrid();
        // Every group keeps its place on the axis, also one without a completed seed.
        plot.Axes.Margins(bottom: 0.05, top: 0.1);
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsX(-0.6, report.Groups.Count - 0.4);
    }

    static void Save(Plot plot, string path, int width, int height) => Output.PlotFiles.SaveAtomically(plot, path, width, height);

    /// <summary>A metric name as a file name part: letters, digits, '-' and '_' kept, anything else '_'.</summary>
    public static string FileSafe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
