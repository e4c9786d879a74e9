using RealGanLab.Training;

namespace RealGanLab.Sweeps.Reports;

/// <summary>
/// One group of a sweep (members that differ only in the seed): its members in sweep order, how many ended in each
/// status, and mean ± std over the completed members of steps per second and of each final metric.
/// </summary>
public sealed record GroupResult
{
    public required string Name { get; init; }

    public required IReadOnlyList<MemberResult> Members { get; init; }

    public required MetricSummary StepsPerSecond { get; init; }

    /// <summary>Metric name → summary over the completed members, for every metric of the report.</summary>
    public required IReadOnlyDictionary<string, MetricSummary> Metrics { get; init; }

    public int Count(RunStatus status) => Members.Count(m => m.Status == status);

    public int Completed => Count(RunStatus.Completed);

    public int Diverged => Count(RunStatus.Diverged);

    /// <summary>Failed or crashed.</summary>
    public int Failed => Count(RunStatus.Failed) + Count(RunStatus.Crashed);

    /// <summary>Pending, running or interrupted: not ended yet.</summary>
    public int Unfinished => Members.Count - Completed - Diverged - Failed;
}
