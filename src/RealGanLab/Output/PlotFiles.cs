namespace RealGanLab.Output;

/// <summary>
/// Saving a plot atomically (<see cref="AtomicFile.WriteThroughPath"/>): a reader (an image viewer, a report) sees the old
/// picture or the new one, never a torn one, and a failed save leaves the old picture.
/// </summary>
public static class PlotFiles
{
    public static void SaveAtomically(ScottPlot.Plot plot, string path, int width, int height) =>
        AtomicFile.WriteThroughPath(path, temp => plot.SavePng(temp, width, height));
}
