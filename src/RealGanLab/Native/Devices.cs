using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Native;

/// <summary>Turns the config's device name into a TorchSharp device, with a clear error when CUDA is not usable.</summary>
public static class Devices
{
    public static IReadOnlyList<string> Names => DeviceNames.All;

    /// <summary>cpu, cuda (an error naming the reason when CUDA is not usable) or auto (cuda when usable, else cpu).</summary>
    public static Device Resolve(string name)
    {
        TorchRuntime.EnsureLoaded();
        return name switch
        {
            "cpu" => CPU,
            "auto" => CudaStatus.Usable ? CUDA : CPU,
            "cuda" when CudaStatus.Usable => CUDA,
            "cuda" => throw new BadInputException("device", $"is cuda, but CUDA is not usable: {CudaStatus.WhyNot()} Use --device cpu or auto; 'realganlab info' shows the details."),
            _ => throw new BadInputException("device", $"unknown device '{name}'. {DidYouMean.Hint(name, Names.ToList())}"),
        };
    }

    /// <summary>What a device is: the GPU's name as the driver reports it, or the CPU's model and core count.</summary>
    public static string Describe(Device device)
    {
        if (device.type == DeviceType.CUDA) return CudaDriver.Query().Gpus.FirstOrDefault()?.Name ?? "CUDA device";
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "CPU" : $"{line[(line.IndexOf(':') + 1)..].Trim()}, {Environment.ProcessorCount} cores";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "CPU";
        }
    }

    /// <summary>Waits for the device's queued work (CUDA runs asynchronously); a no-op on the CPU. For timings only.</summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize();
    }
}
