namespace RealGanLab.Sweeps.Reports;

/// <summary>Where a report was written: the three files and the folder with the plot PNGs (and how many).</summary>
public sealed record ReportOutputs(string SummaryCsv, string SummaryMarkdown, string Html, string PlotDirectory, int PlotCount);
