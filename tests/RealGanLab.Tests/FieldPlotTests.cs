using RealGanLab.Field;
using ScottPlot;
using SkiaSharp;

namespace RealGanLab.Tests;

/// <summary>The field figure draws its arrows pointing along the field, in data coordinates.</summary>
[NoGarbageCollection]
public class FieldPlotTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.0, -1.0)]
    [InlineData(1.0, 0.0)]
    public void ArrowheadsPointWhereTheFieldPoints(double u, double v)
    {
        // One arrow at the origin; its head (a filled triangle) carries more ink than its tail, so the
        // ink's centroid sits on the side the arrow points to.
        var plot = new Plot();
        FieldPlots.AddArrows(plot, [new FieldArrow(0, 0, u, v), new FieldArrow(1, 0, 0, 0)]);
        plot.Axes.SetLimits(-1.5, 1.5, -1.5, 1.5);
        plot.Layout.Frameless();
        plot.Grid.IsVisible = false;
        plot.HideLegend();
        var path = Path.Combine(CliRunner.TempDirectory(), "arrow.png");
        plot.SavePng(path, 300, 300);

        using var bitmap = SKBitmap.Decode(path);
        double sumX = 0, sumY = 0, ink = 0;
        for (int y = 0; y < bitmap.Height; y++)
        for (int x = 0; x < bitmap.Width; x++)
        {
            var c = bitmap.GetPixel(x, y);
            double darkness = 1 - (c.Red + c.Green + c.Blue) / (3 * 255.0);
            if (darkness < 0.2) continue;
            sumX += x * darkness; sumY += y * darkness; ink += darkness;
        }
        Assert.True(ink > 20, "no arrow drawn");
        // Pixel y grows downwards; the origin is at the centre of the 300×300 image.
        double dx = sumX / ink - 150, dy = 150 - sumY / ink;
        Assert.True(dx * u + dy * v > 1.0, $"ink centroid offset ({dx:g3}, {dy:g3}) does not point along ({u}, {v})");
    }
}
