using System.Text.Json.Nodes;
using RealGanLab.Output;
using RealGanLab.Probes;
using ScottPlot;

namespace RealGanLab.Training;

/// <summary>
/// Each player's Hessian spectral density from the newest probe line that has one (probe:densityVectors): the stochastic Lanczos
/// quadrature's nodes and weights, smoothed with Gaussian kernels of width (range)/200 and drawn on a log scale from 10⁻¹⁰, as
/// PyHessian draws it. Mass at negative eigenvalues means the player is not at a local minimum of its own loss.
/// </summary>
public static class HessianDensityPlot
{
    const int Width = 1000, Height = 500, GridPoints = 1500;
    const double Floor = -10;

    /// <summary>Draws into <paramref name="path"/>; false (nothing written) when no line has a density.</summary>
    public static bool Save(string path, IReadOnlyList<JsonObject> probeLines, IReadOnlyList<string> players, string title)
    {
        var line = probeLines.LastOrDefault(l => players.Any(p => l[$"hessian_density_{p}"] is JsonObject));
        if (line is null) return false;
        var densities = players.Select(p => (Player: p, Density: Read(line[$"hessian_density_{p}"] as JsonObject))).Where(d => d.Density is not null).ToList();
        var plot = new Plot();
        foreach (var (player, density) in densities)
        {
            var (min, max) = density!.Range;
            double span = Math.Max(max - min, 1e-12);
            var grid = Enumerable.Range(0, GridPoints).Select(i => min - 0.05 * span + 1.1 * span * i / (GridPoints - 1)).ToArray();
            var values = density.Smoothed(grid, span / 200).Select(d => Math.Max(Math.Log10(Math.Max(d, 1e-300)), Floor)).ToArray();
            var curve = plot.Add.ScatterLine(grid, values);
            curve.LegendText = $"H_{player}{player} ({density.Nodes.Length} vectors × {density.Nodes[0].Length} nodes)";
        }
        plot.Add.VerticalLine(0, 1, Colors.Gray);
        PlotTitles.Apply(plot, $"Hessian spectral density per player (stochastic Lanczos quadrature) at step {line["step"]}\n{title}", Width);
        plot.XLabel("eigenvalue of ∂²L_i/∂x_i²");
        plot.YLabel("log₁₀ density");
        plot.ShowLegend(Alignment.UpperRight);
        Output.PlotFiles.SaveAtomically(plot, path, Width, Height);
        return true;
    }

    static SpectralDensity? Read(JsonObject? node)
    {
        if (node?["nodes"] is not JsonArray nodes || node["weights"] is not JsonArray weights || nodes.Count == 0 || nodes.Count != weights.Count) return null;
        double[][] Arrays(JsonArray rows) => rows.Select(r => (r as JsonArray ?? []).Select(x => TrainingPlots.Number(x)).ToArray()).ToArray();
        return new SpectralDensity(Arrays(nodes), Arrays(weights), 0);
    }
}
