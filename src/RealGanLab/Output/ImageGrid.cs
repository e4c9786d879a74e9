using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace RealGanLab.Output;

/// <summary>
/// Image grids as PNG with ImageSharp (torchvision's make_grid/save_image do not exist in TorchSharp): images
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
        int width = Math.Max(panels.Count * panelWidth + (panels.Count - 1) * panelGap, 360);
        var lines = CaptionText.Lines(caption, width - 8);
        int captionHeight = CaptionText.Height(lines.Count);
        int height = captionHeight + rows * cellH + Gap;

        using var image = new Image<Rgb24>(width, height, new Rgb24(255, 255, 255));
        CaptionText.Draw(image, lines);
        var background = new Rgb24(96, 96, 96);
        image.ProcessPixelRows(canvas =>
        {
            for (int p = 0; p < pixels.Count; p++)
            {
                int left = p * (panelWidth + panelGap);
                for (int y = captionHeight; y < height; y++)
                    canvas.GetRowSpan(y).Slice(left, panelWidth).Fill(background);
                var (bytes, count, channels, ph, pw) = pixels[p];
                for (int i = 0; i < count; i++)
                {
                    int x0 = left + Gap + (i % columns) * cell;
                    int y0 = captionHeight + Gap + (i / columns) * cellH;
                    for (int y = 0; y < ph; y++)
                        for (int dy = 0; dy < scale; dy++)
                        {
                            var row = canvas.GetRowSpan(y0 + y * scale + dy);
                            for (int x = 0; x < pw; x++)
                            {
                                var color = channels == 1
                                    ? new Rgb24(bytes[(i * ph + y) * pw + x], bytes[(i * ph + y) * pw + x], bytes[(i * ph + y) * pw + x])
                                    : new Rgb24(bytes[((i * 3 + 0) * ph + y) * pw + x], bytes[((i * 3 + 1) * ph + y) * pw + x], bytes[((i * 3 + 2) * ph + y) * pw + x]);
                                row.Slice(x0 + x * scale, scale).Fill(color);
                            }
                        }
                }
            }
        });
        AtomicFile.Write(path, stream => image.SaveAsPng(stream));
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
