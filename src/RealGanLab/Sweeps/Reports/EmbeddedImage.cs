using SkiaSharp;

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
        using var bitmap = SKBitmap.Decode(bytes);
        if (bitmap is null || bitmap.Width == 0 || bitmap.Height == 0) return null;
        if (bitmap.Width <= maxWidth) return DataUri(bytes);
        int height = Math.Max(1, (int)Math.Round(bitmap.Height * (double)maxWidth / bitmap.Width));
        using var resized = bitmap.Resize(new SKImageInfo(maxWidth, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (resized is null) return DataUri(bytes);
        using var image = SKImage.FromBitmap(resized);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return DataUri(data.ToArray());
    }

    static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}
