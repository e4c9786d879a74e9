using RealGanLab.Training;

namespace RealGanLab.Sweeps.Reports;

/// <summary>
/// Writes a sweep's report: the plots into OUT/report/*.png, then summary.csv, summary.md and report.html into OUT
/// (the sweep directory unless told otherwise). Every file is written under a temporary name and renamed into
/// place, so a reader never sees half a file; PNGs left in OUT/report by an earlier report and not drawn now are removed.
/// </summary>
public static class SweepReportWriter
{
    public const string PlotFolder = "report";

    public static ReportOutputs Write(SweepReport report, string outputDirectory, DateTimeOffset now)
    {
        var output = Path.GetFullPath(outputDirectory);
        var plots = Path.Combine(output, PlotFolder);
        Directory.CreateDirectory(output);
        var figures = ReportPlots.Draw(report, plots);
        var drawn = figures.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in Directory.GetFiles(plots, "*.png").Where(p => !drawn.Contains(Path.GetFileName(p))))
            File.Delete(stale);

        var outputs = new ReportOutputs(
            Path.Combine(output, "summary.csv"), Path.Combine(output, "summary.md"), Path.Combine(output, "report.html"), plots, figures.Count);
        Output.AtomicFile.WriteAllText(outputs.SummaryCsv, SummaryCsv.Render(report));
        Output.AtomicFile.WriteAllText(outputs.SummaryMarkdown, SummaryMarkdown.Render(report, figures, output));
        Output.AtomicFile.WriteAllText(outputs.Html, ReportHtml.Render(report, figures, now));
        return outputs;
    }
}
