using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace RealGanLab.Output;

/// <summary>
/// Caption lines drawn into an ImageSharp image. ImageSharp's own text drawing (SixLabors.ImageSharp.Drawing) is not
/// served by the package registry this project builds from, so the glyphs are rasterised with SkiaSharp — the library
/// ScottPlot draws every plot with, already loaded — into a white strip, which is copied pixel for pixel to the top of
/// the image. Everything else about the image files is ImageSharp's.
/// </summary>
public static class CaptionText
{
    public const float FontSize = 13f;

    /// <summary>Line height in pixels.</summary>
    public const float LineHeight = FontSize + 4;

    /// <summary>The caption's lines, each broken at spaces so that it fits <paramref name="width"/> pixels.</summary>
    public static List<string> Lines(string caption, float width)
    {
        using var font = new SKFont(SKTypeface.Default, FontSize);
        return caption.Split('\n').SelectMany(l => Wrap(l, font, width)).ToList();
    }

    /// <summary>Height of the strip that holds <paramref name="lineCount"/> lines.</summary>
    public static int Height(int lineCount) => (int)Math.Ceiling(lineCount * LineHeight) + 6;

    /// <summary>Draws <paramref name="lines"/> in black on white across the top <see cref="Height"/> rows of <paramref name="image"/>.</summary>
    public static void Draw(Image<Rgb24> image, IReadOnlyList<string> lines)
    {
        int height = Math.Min(Height(lines.Count), image.Height);
        using var strip = new SKBitmap(new SKImageInfo(image.Width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(strip))
        {
            canvas.Clear(SKColors.White);
            using var font = new SKFont(SKTypeface.Default, FontSize);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            for (int l = 0; l < lines.Count; l++)
                canvas.DrawText(lines[l], 4, 4 + FontSize + l * LineHeight, SKTextAlign.Left, font, paint);
        }
        var bytes = strip.Bytes;     // RGBA, row by row
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < image.Width; x++)
                {
                    int i = y * strip.RowBytes + x * 4;
                    row[x] = new Rgb24(bytes[i], bytes[i + 1], bytes[i + 2]);
                }
            }
        });
    }

    static IEnumerable<string> Wrap(string line, SKFont font, float width)
    {
        var current = "";
        foreach (var word in line.Split(' '))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && font.MeasureText(candidate) > width)
            {
                yield return current;
                current = word;
            }
            else current = candidate;
        }
        yield return current;
    }
}
