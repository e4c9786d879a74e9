using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Output;
using ScottPlot;

namespace RealGanLab.Training;

/// <summary>
/// The pictures of 'realganlab probe', drawn from every line of probe_checkpoints.jsonl (not only the last invocation's),
/// so they are redrawn whole after each probe: plots/probe_spectrum_plane.png, the Jacobian eigenvalues in the complex
/// plane with one series per (checkpoint step, generator) — colour by step as in spectrum_plane.png, marker by generator —
/// and plots/probe_hessian_extremes.png, each player's Hessian extremes per series. A probe at an average of G's iterates
/// (Yazıcı et al. 2019) puts the average in G's place and keeps D as trained, which the titles then say.
/// </summary>
public static class ProbeCheckpointPlots
{
    public const string SpectrumFile = "probe_spectrum_plane.png";
    public const string HessianFile = "probe_hessian_extremes.png";
    public const string DensityFile = "probe_hessian_density.png";

    const string Raw = "raw";
    const int HessianWidth = 1000, HessianHeight = 500;

    /// <summary>Above this many series the Hessian picture's slot labels are turned upright.</summary>
    const int UprightLabels = 7;

    /// <summary>
    /// Above this many checkpoint steps only the first and last step's series and each generator's first get legend
    /// entries (colour tells the rest).
    /// </summary>
    const int LegendSteps = 8;

    /// <summary>One (checkpoint step, generator) of the log: its newest line (probing a checkpoint again replaces it).</summary>
    internal sealed record Series(long Step, string Generator, JsonObject Line)
    {
        public string Label => $"step {Step}, {GeneratorLabel(Generator)}";
    }

    /// <summary>Redraws the pictures from <paramref name="run"/>'s probe_checkpoints.jsonl; returns the paths written.</summary>
    public static IReadOnlyList<string> Draw(RunDirectory run, IReadOnlyList<string> players, string title)
    {
        var lines = ReadLines(run.ProbeCheckpoints);
        var written = new List<string>();
        var plane = SpectrumPlot(lines, title);
        var hessians = HessianPlot(lines, players, title);
        if (plane is null && hessians is null) return written;
        if (HessianDensityPlot.Save(run.Plot(DensityFile), lines, players, title + " (newest checkpoint probed with probe:densityVectors)")) written.Add(run.Plot(DensityFile));
        Directory.CreateDirectory(run.Plots);
        if (plane is not null)
        {
            PlotFiles.SaveAtomically(plane, run.Plot(SpectrumFile), TrainingPlots.PlaneWidth, TrainingPlots.PlaneHeight);
            written.Add(run.Plot(SpectrumFile));
        }
        if (hessians is not null)
        {
            PlotFiles.SaveAtomically(hessians, run.Plot(HessianFile), HessianWidth, HessianHeight);
            written.Add(run.Plot(HessianFile));
        }
        return written;
    }

    /// <summary>The eigenvalues per (step, generator); null when no line has any (nothing to draw).</summary>
    internal static Plot? SpectrumPlot(IReadOnlyList<JsonObject> lines, string title)
    {
        var series = Select(lines, l => TrainingPlots.Eigenvalues(l).Length > 0);
        if (series.Count == 0) return null;
        var steps = series.Select(s => s.Step).Distinct().ToList();
        var plane = new Plot();
        var marked = new HashSet<string>();
        foreach (var s in series)
        {
            int i = steps.IndexOf(s.Step);
            var points = TrainingPlots.AddEigenvalues(plane, s.Line, TrainingPlots.ProbeColor(i, steps.Count));
            points.MarkerShape = Marker(s.Generator);
            // An averaged G's open marker a little larger, so it stays visible around G's filled one at the same eigenvalue.
            if (s.Generator != Raw) points.MarkerSize = 9;
            // Every generator's marker has an entry, also when it was probed only at steps in between.
            if (steps.Count <= LegendSteps || i == 0 || i == steps.Count - 1 || !marked.Contains(s.Generator)) points.LegendText = s.Label;
            marked.Add(s.Generator);
        }
        TrainingPlots.LabelPlane(plane, $"Jacobian eigenvalues at saved checkpoints (step: dark → yellow; marker: generator)" +
            $"{TrainingPlots.Held(series.Select(s => s.Line).ToList())}{AveragedNote(series)}\n{title}");
        return plane;
    }

    /// <summary>
    /// λ_min and λ_max of each player's Hessian ∂²L_i/∂x_i² (Lanczos) per (step, generator), joined by a bar; null when
    /// no line has them (train:hessianIterations = 0).
    /// </summary>
    internal static Plot? HessianPlot(IReadOnlyList<JsonObject> lines, IReadOnlyList<string> players, string title)
    {
        var series = Select(lines, l => players.Any(p => l[$"hessian_min_{p}"] is not null || l[$"hessian_max_{p}"] is not null));
        if (series.Count == 0) return null;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int j = 0; j < players.Count; j++)
        {
            var p = players[j];
            // Players side by side within a series' slot.
            var xs = series.Select((_, i) => i + 0.15 * (j - (players.Count - 1) / 2.0)).ToArray();
            var min = series.Select(s => TrainingPlots.Number(s.Line[$"hessian_min_{p}"])).ToArray();
            var max = series.Select(s => TrainingPlots.Number(s.Line[$"hessian_max_{p}"])).ToArray();
            var color = palette.GetColor(j);
            for (int i = 0; i < xs.Length; i++)
                if (double.IsFinite(min[i]) && double.IsFinite(max[i])) plot.Add.Line(xs[i], min[i], xs[i], max[i]).Color = color;
            foreach (var (ys, shape, label) in new[] { (min, MarkerShape.FilledTriangleDown, $"λ_min(H_{p}{p})"), (max, MarkerShape.FilledTriangleUp, $"λ_max(H_{p}{p})") })
            {
                var points = plot.Add.ScatterPoints(xs, ys, color);
                points.MarkerShape = shape;
                points.MarkerSize = 9;
                points.LegendText = label;
            }
        }
        plot.Add.HorizontalLine(0, 1, Colors.Gray);
        // The step over the generator, on two lines, so that a few series' labels fit side by side; many are turned upright.
        var labels = series.Select(s => $"step {s.Step}\n{GeneratorLabel(s.Generator)}").ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, series.Count).Select(i => (double)i).ToArray(), labels);
        if (series.Count > UprightLabels)
        {
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, series.Count).Select(i => (double)i).ToArray(), series.Select(s => s.Label).ToArray());
            plot.Axes.Bottom.TickLabelStyle.Rotation = -90;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 7.5f * series.Max(s => s.Label.Length);
        }
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsX(-0.6, series.Count - 0.4);
        plot.ShowLegend(Edge.Right);
        PlotTitles.Apply(plot, $"Per-player Hessian extremes at saved checkpoints (Lanczos){TrainingPlots.Held(series.Select(s => s.Line).ToList())}" +
            $"{AveragedNote(series)}\n{title}", HessianWidth);
        return plot;
    }

    /// <summary>
    /// The newest line per (step, generator) among those <paramref name="usable"/> says can be drawn, by step, then G,
    /// its EMA, its uniform average. Lines without a step are left out.
    /// </summary>
    internal static List<Series> Select(IReadOnlyList<JsonObject> lines, Func<JsonObject, bool> usable)
    {
        var newest = new Dictionary<(long, string), Series>();
        foreach (var line in lines)
        {
            if (line["step"] is not JsonValue value || !value.TryGetValue<long>(out var step) || !usable(line)) continue;
            // Lines of G as trained carry no "generator" key.
            var generator = line["generator"] is JsonValue g && g.TryGetValue<string>(out var name) ? name : Raw;
            newest[(step, generator)] = new Series(step, generator, line);
        }
        return newest.Values.OrderBy(s => s.Step).ThenBy(s => Rank(s.Generator)).ThenBy(s => s.Generator, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every line of a JSON Lines file that parses as an object; a line torn by a crash mid-write is left out.</summary>
    internal static IReadOnlyList<JsonObject> ReadLines(string path)
    {
        var lines = new List<JsonObject>();
        if (!File.Exists(path)) return lines;
        foreach (var text in File.ReadAllLines(path))
        {
            try
            {
                if (JsonNode.Parse(text) is JsonObject line) lines.Add(line);
            }
            catch (JsonException)
            {
            }
        }
        return lines;
    }

    internal static string GeneratorLabel(string generator) => generator switch
    {
        Raw => "G",
        GeneratorAverage.EmaName => "EMA of G",
        GeneratorAverage.UniformName => "uniform average of G",
        _ => generator,
    };

    static MarkerShape Marker(string generator) => generator switch
    {
        Raw => MarkerShape.FilledCircle,
        GeneratorAverage.EmaName => MarkerShape.OpenTriangleUp,
        GeneratorAverage.UniformName => MarkerShape.OpenSquare,
        _ => MarkerShape.Cross,
    };

    static int Rank(string generator) => generator switch
    {
        Raw => 0,
        GeneratorAverage.EmaName => 1,
        GeneratorAverage.UniformName => 2,
        _ => 3,
    };

    /// <summary>The averaged G sits in G's place at the checkpoint's D: the field is read at (θ̄, ψ), not at a trained pair.</summary>
    static string AveragedNote(List<Series> series) => series.Any(s => s.Generator != Raw) ? "\naveraged G in G's place, D as trained" : "";
}
