namespace RealGanLab.Native;

/// <summary>The NVIDIA driver's answer: whether it exists, why no GPU is usable (null when one is), its CUDA version, the GPUs.</summary>
public sealed record CudaDriverReport(bool DriverFound, string? Problem, int DriverVersion, IReadOnlyList<GpuInfo> Gpus)
{
    /// <summary>The driver's CUDA version as major.minor (12080 → "12.8").</summary>
    public string DriverCudaVersion => DriverVersion == 0 ? "none" : $"{DriverVersion / 1000}.{DriverVersion % 1000 / 10}";
}
