using System.Reflection;
using TorchSharp;

namespace RealGanLab.Native;

/// <summary>
/// Loads TorchSharp's native library once and reports what was loaded. Turns TorchSharp's misleading
/// "doesn't contain a reference to libtorch-cpu-linux-x64" message into one that names the real cause
/// (see build/PatchLibTorchSharp.targets and shared/TORCHSHARP.md).
/// </summary>
public static class TorchRuntime
{
    static readonly Lazy<string?> LoadError = new(TryLoad);

    /// <summary>Throws <see cref="InvalidOperationException"/> with a clear message when libtorch cannot be used.</summary>
    public static void EnsureLoaded()
    {
        var error = LoadError.Value;
        if (error is not null) throw new InvalidOperationException(error);
    }

    /// <summary>TorchSharp's assembly version, e.g. 0.107.0.</summary>
    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The libtorch version TorchSharp reports (torch.__version__).</summary>
    public static string LibTorchVersion
    {
        get { EnsureLoaded(); return torch.__version__; }
    }

    static string? TryLoad()
    {
        try
        {
            using var probe = torch.ones(2, dtype: torch.float64).sum();
            return probe.item<double>() == 2.0 ? null : "libtorch loaded but computed 1+1 != 2.";
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            return "TorchSharp's native library (libLibTorchSharp.so) could not be loaded. On Debian 12 / Ubuntu 22.04 "
                 + "this happens when the build step that marks its GLIBCXX_3.4.32 requirement weak did not run: rebuild with "
                 + "'dotnet build' (or publish with -p:RealGanLabPatchLibTorchSharp=always), and check "
                 + "'ldd -r runtimes/linux-x64/native/libLibTorchSharp.so' next to the program. Details: "
                 + (e.InnerException?.Message ?? e.Message).Split('\n')[0];
        }
    }
}
