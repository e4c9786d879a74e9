using System.Text.RegularExpressions;

namespace RealGanLab.Native;

/// <summary>
/// Loads a libtorch that is already on the machine — typically the <c>lib</c> folder of a pip-installed PyTorch with
/// CUDA, or an unpacked libtorch archive — for a build made with <c>-p:TorchBackend=external</c>, which ships TorchSharp
/// without libtorch (docs/torchsharp-notes.md, "CUDA"; docs/gpu.md). The folder is named by <see cref="Variable"/> or the
/// CLI's <c>--libtorch</c>. Before TorchSharp's first call the libraries are loaded by full path in dependency order
/// (libc10, libtorch_cpu, libtorch, then libc10_cuda, libtorch_cuda when present); TorchSharp's own later loads by
/// name then find them by soname. Then libLibTorchSharp.so is loaded with every symbol bound at once, so a libtorch of
/// another version that lacks a symbol TorchSharp was built against is refused here, naming the symbol, instead of
/// aborting at the first call of it.
/// </summary>
public static class ExternalLibTorch
{
    /// <summary>The environment variable naming the folder (REALGANLAB_LIBTORCH).</summary>
    public const string Variable = "REALGANLAB_LIBTORCH";

    /// <summary>The libtorch TorchSharp 0.107.0 was built against; other versions must pass the symbol and numeric checks.</summary>
    public const string BuiltAgainst = "2.10.0";

    static readonly string[] Core = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
    static readonly string[] Cuda = ["libc10_cuda.so", "libtorch_cuda.so"];

    static string? optionDirectory;

    /// <summary>Set by the CLI's --libtorch before the first torch call; it takes precedence over the variable.</summary>
    public static void UseDirectory(string directory) => optionDirectory = directory;

    /// <summary>The configured folder and where it came from ("--libtorch" or the variable); null when neither is set.</summary>
    public static (string Directory, string Source)? Configured
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(optionDirectory)) return (optionDirectory, "--libtorch");
            var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
            return string.IsNullOrWhiteSpace(fromEnvironment) ? null : (fromEnvironment, Variable);
        }
    }

    /// <summary>How to find the folder on a machine with PyTorch.</summary>
    public const string Hint =
        "Point it at the lib folder of a PyTorch install: python3 -c \"import torch, pathlib; print(pathlib.Path(torch.__file__).parent / 'lib')\" (docs/gpu.md).";

    /// <summary>Loads the libraries in <paramref name="directory"/>; throws <see cref="LibTorchException"/> (bad input) when they do not fit.</summary>
    public static LibTorchSource Load(string directory, string source)
    {
        try
        {
            return LoadFolder(directory, source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // An unreadable folder or version file, or a path that is not one: bad input like a missing folder.
            throw Refuse($"{source} is '{directory}', which cannot be read: {e.Message} {Hint}");
        }
    }

    static LibTorchSource LoadFolder(string directory, string source)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
            throw Refuse($"{source} is '{directory}', which is not a folder. {Hint}");
        var missing = Core.Where(name => !File.Exists(Path.Combine(full, name))).ToList();
        if (missing.Count > 0)
        {
            var present = Directory.EnumerateFiles(full).Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(8).ToList();
            throw Refuse($"{source} is '{full}', which has no {string.Join(", ", missing)}: not a libtorch lib folder"
                + (present.Count == 0 ? " (it is empty). " : $" (it holds {string.Join(", ", present)}{(present.Count == 8 ? ", …" : "")}). ") + Hint);
        }
        var version = VersionOf(full);
        bool cuda = Cuda.All(name => File.Exists(Path.Combine(full, name)));
        bool preloaded = false;
        foreach (var name in Core)
        {
            var error = Dl.OpenNow(Path.Combine(full, name));
            // A CUDA build's libtorch.so may itself depend on libtorch_cuda.so, and so on the CUDA libraries: give it the
            // nvidia/ preload below before refusing.
            if (error is not null && cuda && !preloaded)
            {
                PreloadNvidiaLibraries(full);
                preloaded = true;
                error = Dl.OpenNow(Path.Combine(full, name));
            }
            if (error is not null) throw Refuse($"{source}: loading {Path.Combine(full, name)} failed: {error}. {Hint}");
        }

        // CUDA is optional: a CPU libtorch has no libtorch_cuda.so; a CUDA one that fails to load (no driver, a
        // missing CUDA runtime library) leaves the CPU usable and says why.
        string? cudaError = null;
        if (cuda)
        {
            // A pip wheel's libtorch_cuda.so finds cuBLAS, cuDNN … through its own search paths; where that fails, do what
            // torch/__init__.py does: preload the CUDA libraries of the nvidia/ packages beside torch/ first.
            if (!preloaded && (Dl.OpenNow(Path.Combine(full, "libc10_cuda.so")) is not null || Dl.OpenNow(Path.Combine(full, "libtorch_cuda.so")) is not null))
                PreloadNvidiaLibraries(full);
            foreach (var name in Cuda)
                if (Dl.OpenNow(Path.Combine(full, name)) is string error)
                {
                    cudaError = $"loading {name} from {full} failed: {error}";
                    break;
                }
        }

        var bridge = LibTorchSharpPath()
            ?? throw new LibTorchException($"libLibTorchSharp.so is not next to the program ({AppContext.BaseDirectory}): the build or publish is incomplete.", isBadInput: false);
        if (Dl.OpenNow(bridge) is string mismatch)
        {
            if (mismatch.Contains("GLIBCXX", StringComparison.Ordinal))
                throw new LibTorchException(TorchRuntime.PatchAdvice + " Details: " + mismatch, isBadInput: false);
            throw Refuse($"{source}: the libtorch in {full} (version {version ?? "unknown"}) does not fit this build's libLibTorchSharp.so "
                + $"(TorchSharp {TorchRuntime.TorchSharpVersion}, built against libtorch {BuiltAgainst}): {mismatch}. "
                + $"Use a PyTorch/libtorch {BuiltAgainst} (or one whose symbols match), or the build with the bundled CPU libtorch.");
        }
        return new LibTorchSource(full, version ?? "unknown", cuda, cudaError);
    }

    /// <summary>
    /// Loads every shared library under site-packages/nvidia/*/lib (torch/lib is site-packages/torch/lib), in as many
    /// passes as their mutual dependencies need; libraries that never load are left to the error that follows.
    /// </summary>
    static void PreloadNvidiaLibraries(string torchLib)
    {
        var nvidia = Path.GetFullPath(Path.Combine(torchLib, "..", "..", "nvidia"));
        if (!Directory.Exists(nvidia)) return;
        var pending = Directory.EnumerateFiles(nvidia, "*.so*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "lib").Order(StringComparer.Ordinal).ToList();
        for (int pass = 0; pass < 8 && pending.Count > 0; pass++)
        {
            int before = pending.Count;
            pending.RemoveAll(file => Dl.OpenNow(file) is null);
            if (pending.Count == before) break;
        }
    }

    static LibTorchException Refuse(string message) => new(message, isBadInput: true);

    /// <summary>libLibTorchSharp.so next to the program (self-contained publish) or under runtimes/ (framework-dependent build).</summary>
    static string? LibTorchSharpPath() =>
        new[] { Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"), Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so") }
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// The version of the libtorch in a folder: a pip install has torch/version.py next to torch/lib
    /// (<c>__version__ = '2.11.0+cu130'</c>), an unpacked libtorch archive has build-version beside lib/.
    /// </summary>
    public static string? VersionOf(string directory)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        if (parent is null) return null;
        var versionPy = Path.Combine(parent, "version.py");
        if (File.Exists(versionPy))
        {
            var match = Regex.Match(File.ReadAllText(versionPy), @"^__version__\s*(?::\s*\w+\s*)?=\s*['""]([^'""]+)['""]", RegexOptions.Multiline);
            if (match.Success) return match.Groups[1].Value;
        }
        var buildVersion = Path.Combine(parent, "build-version");
        if (File.Exists(buildVersion)) return File.ReadAllText(buildVersion).Trim();
        // A NuGet libtorch package's natives: …/libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native
        var package = Regex.Match(Path.GetFullPath(directory), @"[/\\]libtorch-[^/\\]+[/\\](\d+\.\d+\.\d+[^/\\]*)[/\\]runtimes[/\\]");
        return package.Success ? package.Groups[1].Value : null;
    }
}
