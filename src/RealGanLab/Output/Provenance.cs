using System.Reflection;
using RealGanLab.Native;

namespace RealGanLab.Output;

/// <summary>Where a result came from: code version, library versions, device, command line, time (DESIGN.md §5).</summary>
public sealed record Provenance(
    int Seed, string GitCommit, string RealGanLabVersion, string TorchSharpVersion, string LibTorchVersion,
    string Device, string CommandLine, string Host, DateTimeOffset Time)
{
    public static Provenance Capture(int seed, string device) => new(
        seed,
        ReadGitCommit(),
        Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        TorchRuntime.TorchSharpVersion,
        TorchRuntime.LibTorchVersion,
        device,
        Environment.CommandLine,
        Environment.MachineName,
        DateTimeOffset.Now);

    /// <summary>The commit the build was made from (embedded at build time as +sha in the informational version).</summary>
    static string ReadGitCommit()
    {
        var version = Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = version?.IndexOf('+') ?? -1;
        return plus >= 0 ? version![(plus + 1)..] : "unknown";
    }
}
