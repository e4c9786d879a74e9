using RealGanLab.Training;

namespace RealGanLab.Sweeps.Reports;

/// <summary>
/// A sweep as the report sees it: the manifest, each member's result in sweep order, the groups (members that
/// differ only in the seed, in order of first appearance) and the final metrics that any member reports.
/// Metrics that are the same for every completed member (mode count, sample count, the real-data floor) are
/// <see cref="ConstantMetrics"/>: the tables list them once and the plots leave them out.
/// </summary>
public sealed record SweepReport
{
    public required string SweepDirectory { get; init; }

    public required SweepManifest Manifest { get; init; }

    public required IReadOnlyList<MemberResult> Members { get; init; }

    public required IReadOnlyList<GroupResult> Groups { get; init; }

    /// <summary>Every final metric any member reports, in order of first appearance.</summary>
    public required IReadOnlyList<string> Metrics { get; init; }

    /// <summary>Metric → its one value, for metrics that at least two completed members report and all report equal.</summary>
    public required IReadOnlyDictionary<string, double> ConstantMetrics { get; init; }

    /// <summary>The metrics that vary between completed members (or have at most one value): the ones worth comparing.</summary>
    public IEnumerable<string> VaryingMetrics => Metrics.Where(m => !ConstantMetrics.ContainsKey(m));

    /// <summary>Reads SWEEP_DIR/sweep.json and every member's run directory.</summary>
    public static SweepReport Load(string sweepDir)
    {
        var full = Path.GetFullPath(sweepDir);
        var manifest = SweepManifest.Read(full);
        var members = manifest.Members.Select(m => MemberResultReader.Read(full, m)).ToList();
        var metrics = members.SelectMany(m => m.Final.Keys).Distinct().ToList();
        var completed = members.Where(m => m.Status == RunStatus.Completed).ToList();
        var constant = new Dictionary<string, double>();
        foreach (var metric in metrics)
        {
            var values = completed.Where(m => m.Final.ContainsKey(metric)).Select(m => m.Final[metric]).ToList();
            if (values.Count >= 2 && values.All(v => v.Equals(values[0]))) constant[metric] = values[0];
        }
        var groups = members.GroupBy(m => m.Member.Group)
            .Select(g => Group(g.Key, g.ToList(), metrics))
            .ToList();
        return new SweepReport
        {
            SweepDirectory = full,
            Manifest = manifest,
            Members = members,
            Groups = groups,
            Metrics = metrics,
            ConstantMetrics = constant,
        };
    }

    static GroupResult Group(string name, IReadOnlyList<MemberResult> members, IReadOnlyList<string> metrics)
    {
        var completed = members.Where(m => m.Status == RunStatus.Completed).ToList();
        return new GroupResult
        {
            Name = name,
            Members = members,
            StepsPerSecond = MetricSummary.Of(completed.Select(m => m.StepsPerSecond ?? double.NaN)),
            Metrics = metrics.ToDictionary(
                metric => metric,
                metric => MetricSummary.Of(completed.Select(m => m.Final.GetValueOrDefault(metric, double.NaN)))),
        };
    }
}
