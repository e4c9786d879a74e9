using RealGanLab.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Native;

/// <summary>Turns the config's device name into a TorchSharp device, with a clear error when CUDA is not usable.</summary>
public static class Devices
{
    public static IReadOnlyList<string> Names { get; } = ["cpu", "cuda", "auto"];

    public static Device Resolve(string name)
    {
        TorchRuntime.EnsureLoaded();
        return name switch
        {
            "cpu" => CPU,
            "auto" => cuda.is_available() ? CUDA : CPU,
            "cuda" when cuda.is_available() => CUDA,
            "cuda" => throw new ConfigException("device", "CUDA is not usable in this build (TorchSharp-cpu backend or no GPU); use --device cpu or auto. 'realganlab info' tells why."),
            _ => throw new ConfigException("device", $"unknown device '{name}'. {DidYouMean.Hint(name, Names.ToList())}"),
        };
    }
}
