using RealGanLab.Output;
using RealGanLab.Sweeps.Reports;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Sample grids through ImageSharp, pixel for pixel: each image pixel an exact scale × scale block of its value mapped
/// from [−1, 1] to 0–255, grey gaps between cells, the caption strip above; report thumbnails scaled down only.
/// </summary>
[NoGarbageCollection]
public class ImageGridTests
{
    [Fact]
    public void EachPixelIsAnExactBlockInItsCellBelowTheCaption()
    {
        using var scope = NewDisposeScope();
        var dir = CliRunner.TempDirectory();
        var path = Path.Combine(dir, "grid.png");
        // Three 2×2 grey images in two columns: −1 → 0, 1 → 255, 0 → 128 (127.5 rounds to even: 128).
        var images = tensor(new float[] { -1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, -1 }, [3, 1, 2, 2]);
        ImageGrid.Save(path, images, columns: 2, scale: 3, caption: "epoch 1, step 10");
        using var image = Image.Load<Rgb24>(path);
        const int gap = 2, cell = gap + 2 * 3;
        Assert.Equal(360, image.Width);                          // the minimum width, for the caption
        int captionHeight = image.Height - (2 * cell + gap);
        Assert.Equal(CaptionText.Height(1), captionHeight);
        byte Grey(int x, int y) => image[x, y].R;
        byte Pixel(int i, int px, int py, int dx, int dy) => Grey(gap + (i % 2) * cell + px * 3 + dx, captionHeight + gap + (i / 2) * cell + py * 3 + dy);
        for (int d = 0; d < 9; d++)
        {
            int dx = d % 3, dy = d / 3;
            Assert.Equal(0, Pixel(0, 0, 0, dx, dy));
            Assert.Equal(255, Pixel(0, 1, 0, dx, dy));
            Assert.Equal(128, Pixel(0, 0, 1, dx, dy));
            Assert.Equal(255, Pixel(1, 1, 1, dx, dy));
            Assert.Equal(128, Pixel(2, 0, 0, dx, dy));
            Assert.Equal(0, Pixel(2, 1, 1, dx, dy));
        }
        Assert.Equal(new Rgb24(96, 96, 96), image[0, captionHeight]);                 // the gap around the cells
        Assert.Equal(new Rgb24(96, 96, 96), image[gap + cell + 5, captionHeight + gap + cell]);   // the empty fourth cell
        Assert.Equal(new Rgb24(255, 255, 255), image[image.Width - 1, 0]);            // caption strip: white …
        var dark = 0;
        for (int y = 0; y < captionHeight; y++)
            for (int x = 0; x < 150; x++)
                if (image[x, y].R < 128) dark++;
        Assert.InRange(dark, 30, 3000);                                                // … with black text at its left
    }

    /// <summary>Three channels are drawn as RGB; two panels (inputs and reconstructions) sit side by side 12 pixels apart.</summary>
    [Fact]
    public void ColourImagesAndPanelsSideBySide()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(CliRunner.TempDirectory(), "panels.png");
        // One 1×1 image per panel: (−1, 0, 1) → RGB (0, 128, 255) on the left, (1, −1, −1) → (255, 0, 0) on the right.
        var left = tensor(new float[] { -1, 0, 1 }, [1, 3, 1, 1]);
        var right = tensor(new float[] { 1, -1, -1 }, [1, 3, 1, 1]);
        ImageGrid.Save(path, [left, right], columns: 1, scale: 4, caption: "x");
        using var image = Image.Load<Rgb24>(path);
        const int gap = 2, panelWidth = gap + 4 + gap;               // one cell of 4 pixels with its gaps
        int top = image.Height - (gap + 4 + gap) + gap;
        Assert.Equal(new Rgb24(0, 128, 255), image[gap + 1, top + 1]);
        Assert.Equal(new Rgb24(255, 0, 0), image[panelWidth + 12 + gap + 1, top + 1]);
        Assert.Equal(new Rgb24(255, 255, 255), image[panelWidth + 5, top + 1]);   // between the panels: the white canvas
        Assert.Equal(new Rgb24(96, 96, 96), image[panelWidth + 12, top + 1]);     // the right panel's own border
    }

    [Fact]
    public void ThumbnailsAreScaledDownNeverUp()
    {
        var dir = CliRunner.TempDirectory();
        var path = Path.Combine(dir, "wide.png");
        using (var wide = new Image<Rgb24>(400, 100, new Rgb24(10, 20, 30))) wide.SaveAsPng(path);
        var small = EmbeddedImage.Thumbnail(path, 200)!;
        using (var decoded = Image.Load<Rgb24>(Convert.FromBase64String(small["data:image/png;base64,".Length..])))
        {
            Assert.Equal((200, 50), (decoded.Width, decoded.Height));
            Assert.Equal(new Rgb24(10, 20, 30), decoded[100, 25]);
        }
        Assert.Equal(EmbeddedImage.DataUri(path), EmbeddedImage.Thumbnail(path, 800));
        File.WriteAllText(Path.Combine(dir, "bad.png"), "not a png");
        Assert.Null(EmbeddedImage.Thumbnail(Path.Combine(dir, "bad.png"), 200));
        Assert.Null(EmbeddedImage.Thumbnail(Path.Combine(dir, "missing.png"), 200));
    }
}
