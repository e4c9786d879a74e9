namespace RealGanLab.Sweeps.Reports;

/// <summary>A plot the report drew: which section it belongs to, its file (in the report's plot folder) and a caption.</summary>
public sealed record ReportFigure(ReportSection Section, string Path, string Caption)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}
