using SkiaSharp;
using static TorchSharp.torch;

namespace RealGanLab.Output;

/// <summary>
/// Image grids as PNG with SkiaSharp (torchvision's make_grid/save_image do not exist in TorchSharp): images
/// [n, C, H, W] in [−1, 1] (the generator's tanh range), C = 1 drawn grey, C = 3 as RGB, laid out row by row with
/// a one-pixel gap, each pixel enlarged <c>scale</c> times without smoothing so single strokes stay visible, and a
/// caption strip above (epoch, step, what the run is) so a picture found on its own says what it shows.
/// </summary>
public static class ImageGrid
{
    const int Gap = 2;

    /// <summary>One grid of <paramref name="columns"/> columns.</summary>
    public static void Save(string path, Tensor images, int columns, int scale, string caption) =>
        Save(path, [images], columns, scale, caption);

    /// <summary>Several grids side by side (inputs next to their reconstructions), each of <paramref name="columns"/> columns.</summary>
    public static void Save(string path, IReadOnlyList<Tensor> panels, int columns, int scale, string caption)
    {
        var pixels = panels.Select(ToBytes).ToList();
        int n = pixels.Max(p => p.Count), h = pixels[0].Height, w = pixels[0].Width;
        int rows = (n + columns - 1) / columns;
        int cell = Gap + w * scale, cellH = Gap + h * scale;
        int panelWidth = columns * cell + Gap;
        int panelGap = panels.Count > 1 ? 12 : 0;
        const float fontSize = 13f;
        int width = Math.Max(panels.Count * panelWidth + (panels.Count - 1) * panelGap, 360);
        using var captionFont = new SKFont(SKTypeface.Default, fontSize);
        var lines = caption.Split('\n').SelectMany(l => Wrap(l, captionFont, width - 8)).ToList();
        int captionHeight = (int)Math.Ceiling(lines.Count * (fontSize + 4)) + 6;
        int height = captionHeight + rows * cellH + Gap;

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            for (int l = 0; l < lines.Count; l++)
                canvas.DrawText(lines[l], 4, 4 + fontSize + l * (fontSize + 4), SKTextAlign.Left, captionFont, paint);
            using var background = new SKPaint { Color = new SKColor(96, 96, 96) };
            for (int p = 0; p < pixels.Count; p++)
                canvas.DrawRect(p * (panelWidth + panelGap), captionHeight, panelWidth, rows * cellH + Gap, background);
        }
        for (int p = 0; p < pixels.Count; p++)
        {
            var (bytes, count, channels, ph, pw) = pixels[p];
            for (int i = 0; i < count; i++)
            {
                int x0 = p * (panelWidth + panelGap) + Gap + (i % columns) * cell;
                int y0 = captionHeight + Gap + (i / columns) * cellH;
                for (int y = 0; y < ph; y++)
                    for (int x = 0; x < pw; x++)
                    {
                        byte r, g, b;
                        if (channels == 1) r = g = b = bytes[(i * ph + y) * pw + x];
                        else
                        {
                            r = bytes[((i * 3 + 0) * ph + y) * pw + x];
                            g = bytes[((i * 3 + 1) * ph + y) * pw + x];
                            b = bytes[((i * 3 + 2) * ph + y) * pw + x];
                        }
                        var color = new SKColor(r, g, b);
                        for (int dy = 0; dy < scale; dy++)
                            for (int dx = 0; dx < scale; dx++)
                                bitmap.SetPixel(x0 + x * scale + dx, y0 + y * scale + dy, color);
                    }
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, data.SaveTo);
    }

    /// <summary>Breaks a caption line at spaces so that it fits <paramref name="width"/> pixels.</summary>
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

    /// <summary>Images as bytes 0–255 on the host: (bytes, count, channels, height, width).</summary>
    static (byte[] Bytes, int Count, int Channels, int Height, int Width) ToBytes(Tensor images)
    {
        if (images.ndim != 4 || images.shape[1] is not (1 or 3))
            throw new ArgumentException($"images must be [n, 1 or 3, H, W]; got [{string.Join(", ", images.shape)}]");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var bytes = images.detach().to(CPU).to_type(float32).nan_to_num(0.0).clamp(-1, 1).add(1).mul(127.5).round().to_type(uint8).contiguous();
        return (bytes.data<byte>().ToArray(), (int)images.shape[0], (int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
    }
}
