using System.Numerics;
using RealGanLab.Probes;
using ScottPlot;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Image = SixLabors.ImageSharp.Image;
using Point = SixLabors.ImageSharp.Point;

namespace RealGanLab.Training;

/// <summary>
/// The path-angle picture in Berard et al. 2020's layout (their Fig. 3–5): left, cos ∠(v, θ_B − θ_A) along the line with ‖v‖;
/// middle, each player's loss along it; right, the Jacobian's eigenvalues at the end point B. One PNG of three panels.
/// </summary>
public static class PathAnglePlots
{
    const int Width = 620, Height = 520;

    public static void Save(string path, IReadOnlyList<PathAnglePoint> points, IReadOnlyList<string> players, IReadOnlyList<Complex> eigenvaluesAtB,
        string from, string to, string title)
    {
        var panels = new[] { AnglePlot(points, players, from, to), LossPlot(points, players), EigenvaluePlot(eigenvaluesAtB, to) };
        using var canvas = new SixLabors.ImageSharp.Image<Rgba32>(Width * panels.Length, Height + 40, new Rgba32(255, 255, 255));
        for (int i = 0; i < panels.Length; i++)
        {
            using var panel = Image.Load<Rgba32>(panels[i].GetImageBytes(Width, Height, ImageFormat.Png));
            canvas.Mutate(c => c.DrawImage(panel, new Point(i * Width, 40), 1f));
        }
        // The run's title over all three panels, drawn by ScottPlot as a plot without data (ImageSharp draws no text here).
        var heading = new Plot();
        heading.Layout.Frameless();
        heading.HideGrid();
        var text = heading.Add.Text(title, 0, 0);
        text.LabelFontSize = 15;
        text.LabelAlignment = Alignment.MiddleCenter;
        heading.Axes.SetLimits(-1, 1, -1, 1);
        using (var header = Image.Load<Rgba32>(heading.GetImageBytes(Width * panels.Length, 40, ImageFormat.Png)))
            canvas.Mutate(c => c.DrawImage(header, new Point(0, 0), 1f));
        Output.AtomicFile.WriteThroughPath(path, temp => canvas.SaveAsPng(temp));
    }

    static Plot AnglePlot(IReadOnlyList<PathAnglePoint> points, IReadOnlyList<string> players, string from, string to)
    {
        var plot = new Plot();
        var alphas = points.Select(p => p.Alpha).ToArray();
        var all = plot.Add.Scatter(alphas, points.Select(p => p.Cosine).ToArray());
        all.LegendText = "cos ∠(v, θ_B − θ_A)";
        all.LineWidth = 2;
        for (int i = 0; i < players.Count; i++)
        {
            var player = plot.Add.Scatter(alphas, points.Select(p => p.PlayerCosines[i]).ToArray());
            player.LegendText = $"{players[i]}'s block";
            player.LinePattern = LinePattern.Dashed;
        }
        var norm = plot.Add.Scatter(alphas, points.Select(p => p.FieldNorm).ToArray());
        norm.LegendText = "‖v‖ (right axis)";
        norm.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "‖v‖";
        foreach (var x in new[] { 0.0, 1.0 }) plot.Add.VerticalLine(x, 1, Colors.Gray);
        plot.Add.HorizontalLine(0, 1, Colors.Gray);
        plot.Axes.SetLimitsY(-1.05, 1.05);
        plot.Title($"Path-angle from {from} (α = 0) to {to} (α = 1)");
        plot.XLabel("α");
        plot.YLabel("cosine (v, not Berard et al.'s −v)");
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    static Plot LossPlot(IReadOnlyList<PathAnglePoint> points, IReadOnlyList<string> players)
    {
        var plot = new Plot();
        var alphas = points.Select(p => p.Alpha).ToArray();
        for (int i = 0; i < players.Count && points.All(p => p.Losses.Length > i); i++)
            plot.Add.Scatter(alphas, points.Select(p => p.Losses[i]).ToArray()).LegendText = $"L_{players[i]}";
        foreach (var x in new[] { 0.0, 1.0 }) plot.Add.VerticalLine(x, 1, Colors.Gray);
        plot.Title("Each player's loss along the line");
        plot.XLabel("α");
        plot.YLabel("loss (probe batch)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    static Plot EigenvaluePlot(IReadOnlyList<Complex> eigenvalues, string to)
    {
        var plot = new Plot();
        var finite = eigenvalues.Where(z => double.IsFinite(z.Real) && double.IsFinite(z.Imaginary)).ToArray();
        plot.Add.ScatterPoints(finite.Select(z => z.Real).ToArray(), finite.Select(z => z.Imaginary).ToArray()).MarkerSize = 6;
        plot.Add.VerticalLine(0, 1, Colors.Gray);
        plot.Title($"Eigenvalues of J at {to}");
        plot.XLabel("Re λ");
        plot.YLabel("Im λ");
        return plot;
    }
}
