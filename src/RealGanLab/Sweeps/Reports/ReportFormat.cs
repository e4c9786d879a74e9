using RealGanLab.Training;
using System.Globalization;

namespace RealGanLab.Sweeps.Reports;

/// <summary>How the report writes numbers, statuses and the member table's columns, shared by the CSV, Markdown and HTML.</summary>
public static class ReportFormat
{
    /// <summary>Written where there is no value (a pending member's metrics, the std of one seed).</summary>
    public const string None = "—";

    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Four significant digits, invariant culture; "—" for a missing value.</summary>
    public static string Number(double? value) => value switch
    {
        null => None,
        double v when double.IsNaN(v) => "NaN",
        double v => v.ToString("g4", Invariant),
    };

    /// <summary>Round-trip precision for the CSV; empty for a missing value.</summary>
    public static string Exact(double? value) => value is double v ? v.ToString("R", Invariant) : "";

    /// <summary>"mean ± std (n=3)"; std "—" with fewer than two values; "—" with none.</summary>
    public static string MeanStd(MetricSummary s) =>
        s.N == 0 ? None : $"{Number(s.Mean)} ± {(double.IsFinite(s.Std) ? Number(s.Std) : None)} (n={s.N})";

    /// <summary>"lower" or "higher" by the metric's registry entry; "—" for a key no entry declares (a probe value, a floor).</summary>
    public static string Better(string metric) => Metrics.MetricRegistry.LowerIsBetter(metric) switch
    {
        true => "lower",
        false => "higher",
        null => None,
    };

    public static string Status(RunStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>"completed", or the status with its cause: "diverged: loss_D = NaN", "failed: ...", "running: pid 12 on ...".</summary>
    public static string StatusWithDetail(MemberResult m) =>
        m.Status == RunStatus.Completed || string.IsNullOrWhiteSpace(m.State.Detail)
            ? Status(m.Status)
            : $"{Status(m.Status)}: {m.State.Detail}";

    /// <summary>"step/steps", e.g. "200/200", "120/200", "—/200".</summary>
    public static string Progress(MemberResult m) =>
        $"{m.State.Step?.ToString(Invariant) ?? None}/{m.Steps?.ToString(Invariant) ?? None}";

    /// <summary>Text shortened to one line of at most <paramref name="max"/> characters.</summary>
    public static string OneLine(string text, int max)
    {
        var line = string.Join(" ", text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }

    /// <summary>The member's value on an axis, or "" when the manifest has none.</summary>
    public static string Setting(MemberResult m, SweepManifestAxis axis) => m.Member.Settings.GetValueOrDefault(axis.Name, "");

    /// <summary>The order statuses are listed in: ended first, then the rest.</summary>
    static readonly RunStatus[] StatusOrder =
    [
        RunStatus.Completed, RunStatus.Diverged, RunStatus.Failed, RunStatus.Crashed,
        RunStatus.Interrupted, RunStatus.Running, RunStatus.Pending,
    ];

    /// <summary>"4 completed · 1 failed · 1 pending": the count of each status present, ended ones first.</summary>
    public static IEnumerable<(RunStatus Status, int Count)> StatusCounts(SweepReport report) =>
        StatusOrder.Concat(Enum.GetValues<RunStatus>().Except(StatusOrder))
            .Select(s => (s, report.Members.Count(m => m.Status == s)))
            .Where(t => t.Item2 > 0);
}
