using System.Text;

namespace RealGanLab.Sweeps.Reports;

/// <summary>
/// summary.csv: one row per member in sweep order — name, group, each axis setting, status and its cause, step,
/// steps, steps per second, every final metric, and the final probe's max Re λ, max |Im λ|, rotation fraction and
/// largest stable step ÷ the step in use — numbers at
/// round-trip precision, empty where a member has no value (RFC 4180 quoting).
/// </summary>
public static class SummaryCsv
{
    public static string Render(SweepReport report)
    {
        var axes = report.Manifest.Axes;
        bool seedAxis = axes.Any(a => a.Name == SweepManifest.SeedAxis);
        var header = new List<string> { "member", "group" };
        header.AddRange(axes.Select(a => a.Name));
        if (!seedAxis) header.Add("seed");
        header.AddRange(["status", "detail", "step", "steps", "steps_per_second"]);
        header.AddRange(report.Metrics);
        header.AddRange(["max_real", "max_abs_imag", "rotation_fraction", "stable_step_factor"]);

        var csv = new StringBuilder();
        csv.Append(Row(header));
        foreach (var m in report.Members)
        {
            var row = new List<string> { m.Name, m.Member.Group };
            row.AddRange(axes.Select(a => ReportFormat.Setting(m, a)));
            if (!seedAxis) row.Add(m.Member.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            row.AddRange([ReportFormat.Status(m.Status), m.State.Detail ?? "", ReportFormat.Exact(m.State.Step), ReportFormat.Exact(m.Steps),
                ReportFormat.Exact(m.StepsPerSecond)]);
            row.AddRange(report.Metrics.Select(k => m.Final.TryGetValue(k, out var v) ? ReportFormat.Exact(v) : ""));
            row.AddRange([ReportFormat.Exact(m.MaxReal), ReportFormat.Exact(m.MaxAbsImaginary), ReportFormat.Exact(m.RotationFraction),
                ReportFormat.Exact(m.StableStepFactor)]);
            csv.Append(Row(row));
        }
        return csv.ToString();
    }

    static string Row(IEnumerable<string> fields) => string.Join(",", fields.Select(Quote)) + "\n";

    static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
