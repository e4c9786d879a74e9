using System.Reflection;
using TorchSharp;

namespace RealGanLab.Native;

/// <summary>
/// Loads libtorch once and reports what was loaded. Three backends, chosen at build time (-p:TorchBackend, see
/// src/RealGanLab/RealGanLab.csproj): cpu and cuda ship libtorch next to the program; external ships none and loads the
/// folder named by REALGANLAB_LIBTORCH / --libtorch (<see cref="ExternalLibTorch"/>), after checking its symbols and
/// running <see cref="LibTorchSelfTest"/>. Also turns TorchSharp's misleading "doesn't contain a reference to
/// libtorch-cpu-linux-x64" into a message that names the real cause (build/PatchLibTorchSharp.targets, docs/torchsharp-notes.md).
/// </summary>
public static class TorchRuntime
{
    static readonly Lazy<LibTorchException?> LoadError = new(TryLoad);

    /// <summary>What a GLIBCXX_3.4.32 load failure needs: the build's patch of libLibTorchSharp.so.</summary>
    public const string PatchAdvice =
        "TorchSharp's native library (libLibTorchSharp.so) could not be loaded. On Debian 12 / Ubuntu 22.04 "
        + "this happens when the build step that marks its GLIBCXX_3.4.32 requirement weak did not run: rebuild with "
        + "'dotnet build' (or publish with -p:RealGanLabPatchLibTorchSharp=always), and check "
        + "'ldd -r runtimes/linux-x64/native/libLibTorchSharp.so' next to the program.";

    /// <summary>Throws <see cref="LibTorchException"/> with a clear message when libtorch cannot be used.</summary>
    public static void EnsureLoaded()
    {
        var error = LoadError.Value;
        if (error is not null) throw new LibTorchException(error.Message, error.IsBadInput);
    }

    /// <summary>The backend this build was made with: cpu, cuda or external.</summary>
    public static string Backend { get; } = BuildMetadata("TorchBackend") ?? "cpu";

    /// <summary>The external libtorch that was loaded (external backend), else null.</summary>
    public static LibTorchSource? External { get; private set; }

    /// <summary>TorchSharp's assembly version, e.g. 0.107.0.</summary>
    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// The version of the libtorch actually loaded: the external folder's own (e.g. 2.11.0+cu130), else the bundled
    /// package's. (TorchSharp's torch.__version__ is the version it was built against, whatever is loaded.)
    /// </summary>
    public static string LibTorchVersion
    {
        get
        {
            EnsureLoaded();
            return External?.Version ?? PackageVersion;
        }
    }

    /// <summary>Where libtorch came from, for 'info' and provenance: "bundled (…)" or the external folder.</summary>
    public static string LibTorchOrigin
    {
        get
        {
            EnsureLoaded();
            if (External is { } e) return e.Directory;
            return BuildMetadata("CpuLibTorchPackage") is "libtorch-cpu-linux-x64"
                ? $"bundled with the program (libtorch-cpu-linux-x64 {PackageVersion})"
                : $"bundled with the program (TorchSharp-{Backend} {TorchSharpVersion})";
        }
    }

    static string PackageVersion => BuildMetadata("LibTorchPackageVersion") ?? ExternalLibTorch.BuiltAgainst;

    /// <summary>A value the build wrote into this assembly (src/RealGanLab/RealGanLab.csproj, AssemblyMetadata).</summary>
    static string? BuildMetadata(string key) =>
        typeof(TorchRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    static LibTorchException? TryLoad()
    {
        var configured = ExternalLibTorch.Configured;
        try
        {
            if (Backend == "external")
            {
                if (configured is not { } folder)
                    return new LibTorchException($"this build (TorchBackend=external) ships no libtorch: set {ExternalLibTorch.Variable}=<folder> "
                        + $"or pass --libtorch <folder>. {ExternalLibTorch.Hint}", isBadInput: true);
                External = ExternalLibTorch.Load(folder.Directory, folder.Source);
            }
            else if (configured is { } folder)
            {
                // A second libtorch beside the bundled one would put two copies of its operator registry in one process:
                // never loaded. An explicit --libtorch is refused; the variable, perhaps left exported from using the
                // external build, is ignored with a warning.
                if (folder.Source != ExternalLibTorch.Variable)
                    return new LibTorchException($"{folder.Source} was given, but this build ships its own libtorch (TorchBackend={Backend}). "
                        + $"Leave it out, or use a build made with -p:TorchBackend=external (docs/gpu.md).", isBadInput: true);
                Console.Error.WriteLine($"warning: {ExternalLibTorch.Variable} is ignored: this build ships its own libtorch (TorchBackend={Backend}).");
            }
        }
        catch (LibTorchException e)
        {
            return e;
        }

        try
        {
            using var probe = torch.ones(2, dtype: torch.float64).sum();
            if (probe.item<double>() != 2.0) return new LibTorchException("libtorch loaded but computed 1+1 != 2.", isBadInput: false);
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            return new LibTorchException(PatchAdvice + " Details: " + (e.InnerException?.Message ?? e.Message).Split('\n')[0], isBadInput: false);
        }

        if (External is { } external)
        {
            var failures = LibTorchSelfTest.Run(torch.CPU);
            if (failures.Count > 0)
                return new LibTorchException($"the libtorch in {external.Directory} (version {external.Version}) loaded but failed the numeric self-test, "
                    + $"so it is not used: {string.Join("; ", failures)}. Use a PyTorch/libtorch {ExternalLibTorch.BuiltAgainst}.", isBadInput: true);
        }
        return null;
    }
}
