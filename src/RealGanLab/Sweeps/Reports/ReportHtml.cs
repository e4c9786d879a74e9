using RealGanLab.Training;
using System.Net;
using System.Text;

namespace RealGanLab.Sweeps.Reports;

/// <summary>
/// report.html: one self-contained page — every image a base64 data: URI, CSS and script inline, no external URL —
/// with the sweep's name, a status overview, the group and member tables, the plots and a thumbnail of each
/// member's last sample image. All text that comes from the sweep (names, settings, causes) is HTML-escaped.
/// </summary>
public static class ReportHtml
{
    /// <summary>Width in pixels of the embedded sample thumbnails.</summary>
    const int ThumbnailWidth = 360;

    public static string Render(SweepReport report, IReadOnlyList<ReportFigure> figures, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder();
        var name = E(report.Manifest.Name);
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine($"<title>Sweep report: {name}</title>");
        html.AppendLine($"<style>\n{ReportHtmlAssets.Style}\n</style></head>");
        html.AppendLine("<body><main>");
        Header(html, report, generatedAt);
        Overview(html, report);
        Groups(html, report);
        Members(html, report);
        Plots(html, figures);
        Samples(html, report);
        html.AppendLine($"<footer>Written by <code>realganlab report</code> from {E(report.SweepDirectory)}. " +
                        "v = (−∇θ L_G, −∇ψ L_D); λ are eigenvalues of its Jacobian (Re λ &lt; 0: locally stable).</footer>");
        html.AppendLine("</main>");
        html.AppendLine($"<script>\n{ReportHtmlAssets.Script}\n</script>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    static void Header(StringBuilder html, SweepReport report, DateTimeOffset generatedAt)
    {
        var m = report.Manifest;
        html.AppendLine($"<header><h1><span class=\"kind\">Sweep report:</span> {E(m.Name)}</h1>");
        var axes = m.Axes.Count == 0 ? "no axes"
            : string.Join("; ", m.Axes.Select(a => $"<b>{E(a.Name)}</b> ∈ {{{E(string.Join(", ", a.Values))}}}"));
        html.AppendLine($"<p class=\"meta\">{(m.Source is null ? "" : $"<code>{E(m.Source)}</code> · ")}{report.Members.Count} members in " +
                        $"{report.Groups.Count} groups · {axes} · generated {E(generatedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture))}</p></header>");
    }

    static void Overview(StringBuilder html, SweepReport report)
    {
        var counts = ReportFormat.StatusCounts(report).ToList();
        html.AppendLine("<section id=\"status\"><h2>Status</h2><div class=\"chips\">");
        foreach (var (status, count) in counts)
            html.AppendLine($"<span class=\"chip {StatusClass(status)}\">{count} {ReportFormat.Status(status)}</span>");
        html.AppendLine("</div><div class=\"bar\">");
        foreach (var (status, count) in counts)
            html.AppendLine($"<span class=\"{StatusClass(status)}\" style=\"width:{100.0 * count / Math.Max(1, report.Members.Count):F2}%\" title=\"{count} {ReportFormat.Status(status)}\"></span>");
        html.AppendLine("</div></section>");
    }

    static void Groups(StringBuilder html, SweepReport report)
    {
        html.AppendLine("<section id=\"groups\"><h2>Groups</h2>");
        html.AppendLine("<p class=\"note\">Mean ± sample std over each group's <em>completed</em> seeds (n = how many); — where there is no value.</p>");
        html.AppendLine("<div class=\"scroll\"><table><thead><tr><th>group</th><th>members</th><th>completed</th><th>diverged</th><th>failed/crashed</th><th>not ended</th><th>steps/s</th></tr></thead><tbody>");
        for (int g = 0; g < report.Groups.Count; g++)
        {
            var group = report.Groups[g];
            html.Append($"<tr><td class=\"name\">{Swatch(g)}{E(group.Name)}</td>");
            foreach (var n in new[] { group.Members.Count, group.Completed, group.Diverged, group.Failed, group.Unfinished })
                html.Append($"<td class=\"num\">{n}</td>");
            html.AppendLine($"<td class=\"num\">{E(ReportFormat.MeanStd(group.StepsPerSecond))}</td></tr>");
        }
        html.AppendLine("</tbody></table></div>");

        var varying = report.VaryingMetrics.ToList();
        if (varying.Count > 0)
        {
            html.AppendLine("<h3>Final metrics per group</h3><div class=\"scroll\"><table><thead><tr><th>metric</th><th>better</th>");
            for (int g = 0; g < report.Groups.Count; g++) html.Append($"<th>{Swatch(g)}{E(report.Groups[g].Name)}</th>");
            html.AppendLine("</tr></thead><tbody>");
            foreach (var metric in varying)
            {
                html.Append($"<tr><td>{E(metric)}</td><td>{E(ReportFormat.Better(metric))}</td>");
                foreach (var group in report.Groups) html.Append($"<td class=\"num\">{E(ReportFormat.MeanStd(group.Metrics[metric]))}</td>");
                html.AppendLine("</tr>");
            }
            html.AppendLine("</tbody></table></div>");
        }
        if (report.ConstantMetrics.Count > 0)
            html.AppendLine("<p class=\"note\">Same for every completed member: " +
                            string.Join(", ", report.ConstantMetrics.Select(kv => $"{E(kv.Key)} = {E(ReportFormat.Number(kv.Value))}")) + ".</p>");
        html.AppendLine("</section>");
    }

    static void Members(StringBuilder html, SweepReport report)
    {
        var axes = report.Manifest.Axes;
        var varying = report.VaryingMetrics.ToList();
        html.AppendLine("<section id=\"members\"><h2>Members</h2><div class=\"scroll\"><table><thead><tr><th>member</th>");
        foreach (var axis in axes) html.Append($"<th>{E(axis.Name)}</th>");
        html.Append("<th>status</th><th>step</th><th>steps/s</th>");
        foreach (var metric in varying) html.Append($"<th>{E(metric)}</th>");
        html.AppendLine("<th>max Re λ</th><th>max |Im λ|</th><th title=\"rotation fraction of the last probe\">‖A‖/‖J‖</th>"
                       + "<th title=\"largest stable step ÷ the step in use (0: none is stable)\">stable step ÷ h</th></tr></thead><tbody>");
        var groupIndex = report.Groups.Select((g, i) => (g.Name, i)).ToDictionary(t => t.Name, t => t.i);
        foreach (var m in report.Members)
        {
            html.Append($"<tr><td class=\"name\">{Swatch(groupIndex[m.Member.Group])}{E(m.Name)}</td>");
            foreach (var axis in axes) html.Append($"<td>{E(ReportFormat.Setting(m, axis))}</td>");
            html.Append($"<td>{Badge(m)}");
            if (m.Status != RunStatus.Completed && !string.IsNullOrWhiteSpace(m.State.Detail))
                html.Append($"<div class=\"detail\" title=\"{E(m.State.Detail)}\">{E(ReportFormat.OneLine(m.State.Detail, 160))}</div>");
            html.Append("</td>");
            html.Append($"<td class=\"num\">{E(ReportFormat.Progress(m))}</td><td class=\"num\">{E(ReportFormat.Number(m.StepsPerSecond))}</td>");
            foreach (var metric in varying)
                html.Append($"<td class=\"num\">{E(m.Final.TryGetValue(metric, out var v) ? ReportFormat.Number(v) : ReportFormat.None)}</td>");
            html.Append($"<td class=\"num\">{E(ReportFormat.Number(m.MaxReal))}</td><td class=\"num\">{E(ReportFormat.Number(m.MaxAbsImaginary))}</td>");
            html.AppendLine($"<td class=\"num\">{E(ReportFormat.Number(m.RotationFraction))}</td><td class=\"num\">{E(ReportFormat.Number(m.StableStepFactor))}</td></tr>");
        }
        html.AppendLine("</tbody></table></div></section>");
    }

    static void Plots(StringBuilder html, IReadOnlyList<ReportFigure> figures)
    {
        var sections = new[]
        {
            (ReportSection.FinalMetrics, "final-metrics", "Final metrics per group"),
            (ReportSection.TrainingCurves, "curves", "Training curves"),
            (ReportSection.Spectrum, "spectrum", "Spectrum over time"),
        };
        foreach (var (section, id, title) in sections)
        {
            var shown = figures.Where(f => f.Section == section).ToList();
            if (shown.Count == 0) continue;
            html.AppendLine($"<section id=\"{id}\"><h2>{title}</h2><div class=\"plots\">");
            foreach (var figure in shown)
                html.AppendLine($"<figure><img class=\"plot\" alt=\"{E(figure.Caption)}\" src=\"{EmbeddedImage.DataUri(figure.Path)}\">" +
                                $"<figcaption>{E(figure.Caption)}</figcaption></figure>");
            html.AppendLine("</div></section>");
        }
    }

    static void Samples(StringBuilder html, SweepReport report)
    {
        html.AppendLine("<section id=\"samples\"><h2>Final samples</h2><div class=\"thumbs\">");
        foreach (var m in report.Members)
        {
            var uri = m.SampleImage is null ? null : EmbeddedImage.Thumbnail(m.SampleImage, ThumbnailWidth);
            html.Append("<figure class=\"thumb\">");
            html.Append(uri is null
                ? $"<div class=\"empty\">no sample image</div>"
                : $"<img class=\"sample\" alt=\"{E(m.Name)}: {E(Path.GetFileName(m.SampleImage!))}\" title=\"{E(Path.GetFileName(m.SampleImage!))}\" src=\"{uri}\">");
            html.AppendLine($"<figcaption><span>{E(m.Name)}</span>{Badge(m)}</figcaption></figure>");
        }
        html.AppendLine("</div></section>");
    }

    static string Badge(MemberResult m) =>
        $"<span class=\"badge {StatusClass(m.Status)}\">{ReportFormat.Status(m.Status)}</span>";

    static string StatusClass(RunStatus status) => "st-" + ReportFormat.Status(status);

    static string Swatch(int group)
    {
        var c = ReportPlots.GroupColor(group);
        return $"<span class=\"swatch\" style=\"background:#{c.R:X2}{c.G:X2}{c.B:X2}\"></span>";
    }

    /// <summary>HTML-escapes text (also quotes, for attributes).</summary>
    static string E(string text) => WebUtility.HtmlEncode(text);
}
