namespace RealGanLab.Checkpoints;

/// <summary>
/// The outcome of <see cref="CheckpointStore.FindLatest"/>: the newest checkpoint that verified (already
/// opened, so it is not read twice), or none, and one warning per newer file that was skipped and why.
/// </summary>
public sealed record CheckpointSearch(string? Path, CheckpointReader? Reader, IReadOnlyList<string> Warnings)
{
    public bool Found => Reader is not null;
}
