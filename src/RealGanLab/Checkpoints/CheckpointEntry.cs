namespace RealGanLab.Checkpoints;

/// <summary>A checkpoint file of a run: a numbered one (<see cref="Step"/> set) or latest.ckpt (Step null).</summary>
public sealed record CheckpointEntry(string Path, long? Step)
{
    public bool IsLatest => Step is null;
}
