using System.Reflection;
using RealGanLab.Native;

namespace RealGanLab.Output;

/// <summary>Where a result came from: code version, library versions, device, command line, time (docs/design.md §5).</summary>
public sealed record Provenance(
    int Seed, string GitCommit, string RealGanLabVersion, string TorchSharpVersion, string LibTorchVersion,
    string Device, string CommandLine, string Host, DateTimeOffset Time)
{
    /// <summary>The libtorch backend of the build (cpu, cuda, external) and where the loaded libtorch came from.</summary>
    public string Backend { get; init; } = TorchRuntime.Backend;

    public string LibTorchOrigin { get; init; } = "";

    /// <summary>What the configured device resolved to: "cpu", or "cuda: " and the GPU's name (auto picks one of them).</summary>
    public string DeviceUsed { get; init; } = "";

    /// <summary>This build's version: 1.0.0+&lt;git commit&gt; (the commit embedded at build time), or "unknown".</summary>
    public static string ProgramVersion { get; } =
        typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static Provenance Capture(int seed, string device) => new(
        seed,
        ReadGitCommit(),
        ProgramVersion,
        TorchRuntime.TorchSharpVersion,
        TorchRuntime.LibTorchVersion,
        device,
        Environment.CommandLine,
        Environment.MachineName,
        DateTimeOffset.Now)
    {
        LibTorchOrigin = TorchRuntime.LibTorchOrigin,
        DeviceUsed = Resolved(device),
    };

    static string Resolved(string device)
    {
        try
        {
            var resolved = Devices.Resolve(device);
            return resolved.type == TorchSharp.DeviceType.CUDA ? "cuda: " + Devices.Describe(resolved) : "cpu";
        }
        catch (BadInputException)
        {
            return device;
        }
    }

    /// <summary>The commit the build was made from (embedded at build time as +sha in the informational version).</summary>
    static string ReadGitCommit()
    {
        var plus = ProgramVersion.IndexOf('+');
        return plus >= 0 ? ProgramVersion[(plus + 1)..] : "unknown";
    }
}
