using ScottPlot;

namespace RealGanLab.Field;

/// <summary>
/// The figures of the 'field' command, in the style of the Dirac-GAN essay: arrows of the followed field
/// with the trajectory drawn over it (start and equilibrium marked), and the parameters against the step.
/// </summary>
public static class FieldPlots
{
    public static void FieldFigure(FieldResult r, string path)
    {
        var plot = new Plot();
        bool planar = r.CoordinateNames.Count == 2 && r.Arrows.Count > 0;
        if (planar) AddArrows(plot, r.Arrows);
        var points = r.Trajectory.Where(p => p.State.Length >= 2 && double.IsFinite(p.State[0]) && double.IsFinite(p.State[1])).ToList();
        var path2d = plot.Add.ScatterLine(points.Select(p => p.State[0]).ToArray(), points.Select(p => p.State[1]).ToArray(), Colors.OrangeRed);
        path2d.LineWidth = 1.5f;
        path2d.LegendText = $"trajectory ({r.Trajectory[^1].Step} steps)";
        var start = plot.Add.Marker(points[0].State[0], points[0].State[1], MarkerShape.FilledCircle, 11, Colors.ForestGreen);
        start.LegendText = "start";
        var end = plot.Add.Marker(points[^1].State[0], points[^1].State[1], MarkerShape.FilledSquare, 9, Colors.OrangeRed);
        end.LegendText = "end";
        var equilibrium = plot.Add.Marker(r.Equilibrium[0], r.Equilibrium[1], MarkerShape.Cross, 14, Colors.Black);
        equilibrium.LegendText = "equilibrium";

        var h = string.Join("/", r.StepSizes.Distinct().Select(x => x.ToString("g3")));
        plot.Title($"{r.GameTitle}\n{r.RuleTitle}, h = {h}: follows w = {r.FollowedField}, v = (−∇θ L_G, −∇ψ L_D)", 12);
        plot.XLabel(r.CoordinateNames[0] + (planar ? "" : " (projection)"));
        plot.YLabel(r.CoordinateNames[1] + (planar ? "" : " (projection)"));
        plot.ShowLegend(Alignment.UpperRight);
        if (planar) plot.Axes.SquareUnits();
        Output.PlotFiles.SaveAtomically(plot, path, 900, 820);
    }

    public static void ParameterFigure(FieldResult r, string path)
    {
        var plot = new Plot();
        var steps = r.Trajectory.Select(p => (double)p.Step).ToArray();
        int shown = Math.Min(r.Trajectory[0].State.Length, 8);
        for (int i = 0; i < shown; i++)
        {
            var line = plot.Add.ScatterLine(steps, r.Trajectory.Select(p => p.State[i]).ToArray());
            line.LegendText = i < r.CoordinateNames.Count && r.CoordinateNames.Count == r.Trajectory[0].State.Length
                ? r.CoordinateNames[i] : (i < r.GeneratorCoordinates ? $"θ[{i}]" : $"ψ[{i - r.GeneratorCoordinates}]");
            line.LineWidth = 1.5f;
        }
        for (int i = 0; i < Math.Min(shown, r.Equilibrium.Length); i++)
        {
            var level = plot.Add.HorizontalLine(r.Equilibrium[i]);
            level.LinePattern = LinePattern.Dotted;
            level.Color = Colors.Gray;
        }
        plot.Title($"Parameters vs step — {r.GameTitle}, {r.RuleTitle}\n{r.Summary}", 11);
        plot.XLabel("step");
        plot.YLabel("parameter value (dotted: equilibrium)");
        plot.ShowLegend(Alignment.UpperRight);
        Output.PlotFiles.SaveAtomically(plot, path, 1000, 600);
    }

    /// <summary>
    /// Draws the field as arrows rescaled to the grid spacing with a square-root compression of their
    /// length, so that both the slow region near an equilibrium and the fast region far from it stay
    /// readable; colour shows |w|. Drawn as single arrows rather than ScottPlot's VectorField, which maps
    /// the smallest magnitude to zero length (and draws y downwards).
    /// </summary>
    internal static void AddArrows(Plot plot, IReadOnlyList<FieldArrow> arrows)
    {
        var xs = arrows.Select(a => a.X).Distinct().OrderBy(x => x).ToList();
        double cell = xs.Count > 1 ? xs[1] - xs[0] : 1.0;
        var lengths = arrows.Select(a => Math.Sqrt(a.U * a.U + a.V * a.V)).Where(double.IsFinite).ToList();
        double max = lengths.Count > 0 ? lengths.Max() : 0;
        var colormap = new ScottPlot.Colormaps.Viridis();
        bool first = true;
        foreach (var a in arrows)
        {
            double length = Math.Sqrt(a.U * a.U + a.V * a.V);
            if (!double.IsFinite(length) || length == 0 || max == 0) continue;
            double fraction = Math.Sqrt(length / max);
            double scaled = 0.85 * cell * Math.Max(0.25, fraction);
            var arrow = plot.Add.Arrow(new Coordinates(a.X, a.Y), new Coordinates(a.X + a.U / length * scaled, a.Y + a.V / length * scaled));
            var color = colormap.GetColor(0.9 * fraction);
            arrow.ArrowLineColor = color;
            arrow.ArrowFillColor = color;
            arrow.ArrowLineWidth = 0;
            arrow.ArrowWidth = 1.5f;
            arrow.ArrowheadWidth = 7;
            arrow.ArrowheadLength = 7;
            arrow.ArrowheadAxisLength = 7;
            if (first) arrow.LegendText = "followed field w (colour: |w|, length ∝ √|w|)";
            first = false;
        }
    }
}
