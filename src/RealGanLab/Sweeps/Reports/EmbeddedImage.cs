using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace RealGanLab.Sweeps.Reports;

/// <summary>PNG files as data: URIs for the self-contained HTML; sample images shrunk to thumbnails on the way.</summary>
public static class EmbeddedImage
{
    /// <summary>The file as a data:image/png;base64 URI, unchanged.</summary>
    public static string DataUri(string pngPath) => DataUri(File.ReadAllBytes(pngPath));

    /// <summary>
    /// The image scaled down (never up) to at most <paramref name="maxWidth"/> pixels wide, as a PNG data URI; null
    /// when the file is missing or cannot be decoded (a sample being written, a damaged file).
    /// </summary>
    public static string? Thumbnail(string path, int maxWidth)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return null;
        }
        Image image;
        try
        {
            image = Image.Load(bytes);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException)     // not an image, damaged, or a format left out
        {
            return null;
        }
        using (image)
        {
            if (image.Width == 0 || image.Height == 0) return null;
            if (image.Width <= maxWidth) return DataUri(bytes);
            int height = Math.Max(1, (int)Math.Round(image.Height * (double)maxWidth / image.Width));
            image.Mutate(x => x.Resize(maxWidth, height, KnownResamplers.Triangle));     // bilinear, as a browser would scale it
            using var png = new MemoryStream();
            image.SaveAsPng(png);
            return DataUri(png.ToArray());
        }
    }

    static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}
