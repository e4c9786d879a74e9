namespace RealGanLab.Native;

/// <summary>One GPU as the driver reports it: its ordinal, name and total memory.</summary>
public sealed record GpuInfo(int Index, string Name, long TotalBytes)
{
    public double TotalGiB => TotalBytes / (1024.0 * 1024 * 1024);
}
