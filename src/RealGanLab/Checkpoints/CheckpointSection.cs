namespace RealGanLab.Checkpoints;

/// <summary>One named section of a checkpoint file: its kind and its bytes.</summary>
public sealed record CheckpointSection(string Name, CheckpointSectionKind Kind, ReadOnlyMemory<byte> Data)
{
    public long Length => Data.Length;
}
