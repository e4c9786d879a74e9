namespace RealGanLab.Output;

/// <summary>
/// Saving a picture atomically: drawn into a temp file beside it (.name.partial-pid.png), then renamed over the old one,
/// so a reader (an image viewer, a report) sees the old picture or the new one, never a torn one. A failed save removes
/// its temp file and leaves the old picture.
/// </summary>
public static class PlotFiles
{
    public static void SaveAtomically(ScottPlot.Plot plot, string path, int width, int height)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileNameWithoutExtension(path)}.partial-{Environment.ProcessId}.png");
        try
        {
            plot.SavePng(temp, width, height);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); }
            catch (IOException) { }
            throw;
        }
    }
}
