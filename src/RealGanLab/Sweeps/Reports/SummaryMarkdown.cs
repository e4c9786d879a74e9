using System.Text;

namespace RealGanLab.Sweeps.Reports;

/// <summary>
/// summary.md: the report's tables in Markdown, readable in a terminal and on GitHub — status overview, per group
/// the status counts and steps/s, the final metrics as mean ± sample std over completed seeds (n shown), one row
/// per member, then links to the plots and to each member's last sample image (paths relative to the file).
/// </summary>
public static class SummaryMarkdown
{
    public static string Render(SweepReport report, IReadOnlyList<ReportFigure> figures, string outputDirectory)
    {
        var md = new StringBuilder();
        var manifest = report.Manifest;
        md.AppendLine($"# Sweep report: {Escape(manifest.Name)}").AppendLine();
        if (manifest.Source is not null) md.AppendLine($"Source: `{manifest.Source.Replace("`", "'")}`  ").AppendLine();
        md.AppendLine($"Axes: {(manifest.Axes.Count == 0 ? "none" : string.Join("; ", manifest.Axes.Select(a => $"{Escape(a.Name)} = {Escape(string.Join(", ", a.Values))}")))}  ");
        md.AppendLine($"Status: {report.Members.Count} members — {string.Join(" · ", ReportFormat.StatusCounts(report).Select(t => $"{t.Count} {ReportFormat.Status(t.Status)}"))}");
        md.AppendLine();

        md.AppendLine("## Groups").AppendLine();
        md.AppendLine("Mean ± sample std over the group's completed seeds (n = how many); — where there is no value.").AppendLine();
        Table(md, ["group", "members", "completed", "diverged", "failed/crashed", "not ended", "steps/s"],
            report.Groups.Select(g => new[]
            {
                g.Name, g.Members.Count.ToString(), g.Completed.ToString(), g.Diverged.ToString(), g.Failed.ToString(),
                g.Unfinished.ToString(), ReportFormat.MeanStd(g.StepsPerSecond),
            }));

        var varying = report.VaryingMetrics.ToList();
        if (varying.Count > 0)
        {
            md.AppendLine("### Final metrics per group").AppendLine();
            Table(md, ["metric", "better", .. report.Groups.Select(g => g.Name)],
                varying.Select(metric => new[] { metric, ReportFormat.Better(metric) }.Concat(report.Groups.Select(g => ReportFormat.MeanStd(g.Metrics[metric]))).ToArray()));
        }
        if (report.ConstantMetrics.Count > 0)
            md.AppendLine("Same for every completed member: " +
                          string.Join(", ", report.ConstantMetrics.Select(kv => $"{Escape(kv.Key)} = {ReportFormat.Number(kv.Value)}")) + ".").AppendLine();

        md.AppendLine("## Members").AppendLine();
        var axes = report.Manifest.Axes;
        Table(md, ["member", .. axes.Select(a => a.Name), "status", "step", "steps/s", .. varying, "max Re λ", "max |Im λ|", "‖A‖/‖J‖", "stable step ÷ h"],
            report.Members.Select(m => new[] { m.Name }
                .Concat(axes.Select(a => ReportFormat.Setting(m, a)))
                .Append(ReportFormat.OneLine(ReportFormat.StatusWithDetail(m), 90))
                .Append(ReportFormat.Progress(m))
                .Append(ReportFormat.Number(m.StepsPerSecond))
                .Concat(varying.Select(k => m.Final.TryGetValue(k, out var v) ? ReportFormat.Number(v) : ReportFormat.None))
                .Append(ReportFormat.Number(m.MaxReal))
                .Append(ReportFormat.Number(m.MaxAbsImaginary))
                .Append(ReportFormat.Number(m.RotationFraction))
                .Append(ReportFormat.Number(m.StableStepFactor))
                .ToArray()));

        if (figures.Count > 0)
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (var figure in figures)
                md.AppendLine($"![{Escape(figure.Caption)}]({Link(outputDirectory, figure.Path)})").AppendLine();
        }

        md.AppendLine("## Final samples").AppendLine();
        foreach (var m in report.Members)
            md.AppendLine(m.SampleImage is null
                ? $"- {Escape(m.Name)} ({ReportFormat.Status(m.Status)}): no sample image"
                : $"- [{Escape(m.Name)}]({Link(outputDirectory, m.SampleImage)}) ({ReportFormat.Status(m.Status)})");
        return md.ToString();
    }

    static void Table(StringBuilder md, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        md.AppendLine("| " + string.Join(" | ", header.Select(Escape)) + " |");
        md.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows) md.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        md.AppendLine();
    }

    /// <summary>A relative link with forward slashes and spaces escaped.</summary>
    static string Link(string from, string to) =>
        Path.GetRelativePath(from, to).Replace('\\', '/').Replace(" ", "%20").Replace("(", "%28").Replace(")", "%29");

    /// <summary>Table-safe text: pipes escaped, one line, no raw HTML.</summary>
    static string Escape(string text) =>
        ReportFormat.OneLine(text, 10_000).Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;");
}
