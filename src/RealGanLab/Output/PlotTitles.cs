namespace RealGanLab.Output;

/// <summary>
/// Plot titles that fit their picture: ScottPlot draws a title on one line per '\n' and clips what is wider than the
/// image, so long lines (a run's "game · rule · optimizer · seed") are broken at their " · " separators, or at spaces.
/// </summary>
public static class PlotTitles
{
    /// <summary>The title font size used with <see cref="Fit"/>.</summary>
    public const float FontSize = 13;

    /// <summary>Average glyph width of the default sans-serif font relative to its size (a little generous).</summary>
    const double GlyphWidth = 0.6;

    /// <summary>Breaks every line of <paramref name="title"/> longer than fits <paramref name="widthPixels"/> at <paramref name="fontSize"/>.</summary>
    public static string Fit(string title, int widthPixels, float fontSize = FontSize)
    {
        int max = Math.Max(20, (int)(widthPixels * 0.92 / (GlyphWidth * fontSize)));
        return string.Join("\n", title.Split('\n').SelectMany(line => Break(line, max)));
    }

    static IEnumerable<string> Break(string line, int max)
    {
        while (line.Length > max)
        {
            int cut = line.LastIndexOf(" · ", max, StringComparison.Ordinal);
            int skip = 3;
            if (cut <= 0)
            {
                cut = line.LastIndexOf(' ', max);
                skip = 1;
            }
            if (cut <= 0) break;
            yield return line[..cut];
            line = line[(cut + skip)..];
        }
        yield return line;
    }

    /// <summary>Sets the fitted title and its font size on <paramref name="plot"/>.</summary>
    public static void Apply(ScottPlot.Plot plot, string title, int widthPixels)
    {
        plot.Title(Fit(title, widthPixels));
        plot.Axes.Title.Label.FontSize = FontSize;
    }
}
