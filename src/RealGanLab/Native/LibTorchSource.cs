namespace RealGanLab.Native;

/// <summary>
/// Where the loaded libtorch came from: the folder, its version (as the folder states it), whether it has the CUDA
/// libraries, and why they did not load when they did not.
/// </summary>
public sealed record LibTorchSource(string Directory, string Version, bool HasCuda, string? CudaLoadError);
