using TorchSharp;

namespace RealGanLab.Native;

/// <summary>Whether CUDA is usable here and, when it is not, the first reason that applies, with what to do about it.</summary>
public static class CudaStatus
{
    public static bool Usable
    {
        get
        {
            TorchRuntime.EnsureLoaded();
            return torch.cuda.is_available();
        }
    }

    /// <summary>Why CUDA is not usable (null when it is), from the build's backend, the loaded libtorch and the driver.</summary>
    public static string? WhyNot()
    {
        if (Usable) return null;
        var driver = CudaDriver.Query();
        var gpus = driver.Gpus.Count > 0 ? $" (the driver sees {string.Join(", ", driver.Gpus.Select(g => g.Name))})" : "";
        if (TorchRuntime.Backend == "cpu")
            return $"this build's libtorch is CPU-only (TorchBackend=cpu){gpus}. Build with -p:TorchBackend=cuda, or use the external "
                + $"build with {ExternalLibTorch.Variable} at a CUDA PyTorch's lib folder (docs/gpu.md).";
        if (TorchRuntime.External is { HasCuda: false } cpuOnly)
            return $"the libtorch in {cpuOnly.Directory} has no CUDA libraries (no libtorch_cuda.so){gpus}.";
        if (TorchRuntime.External is { CudaLoadError: { } loadError })
            return loadError + ".";
        if (driver.Problem is { } problem) return problem + ".";
        try
        {
            torch.InitializeDeviceType(DeviceType.CUDA);
            return "libtorch's CUDA loaded but it sees no device.";
        }
        catch (Exception e)
        {
            return "libtorch's CUDA did not initialise: " + (e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? e.GetType().Name).Trim();
        }
    }
}
