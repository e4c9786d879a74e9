using System.Diagnostics;

namespace RealGanLab.Tests;

/// <summary>Runs the built realganlab command in a child process and captures its exit code and output.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args) =>
        RunProgram(Path.Combine(AppContext.BaseDirectory, "realganlab.dll"), workingDirectory, environment, args);

    /// <summary>
    /// <see cref="Run"/> on a thread-pool thread, for a run that does not depend on another (a reference run next to an
    /// interrupted one). Only for processes limited to one thread (OMP_NUM_THREADS=1): on two cores two such runs take
    /// about as long as one, while two runs with libtorch's default two threads each take longer together than one
    /// after the other.
    /// </summary>
    public static Task<Result> RunAsync(string workingDirectory, IDictionary<string, string>? environment, params string[] args) =>
        Task.Run(() => Run(workingDirectory, environment, args));

    /// <summary>Runs another build of the command (e.g. the external-libtorch one).</summary>
    public static Result RunProgram(string program, string workingDirectory, IDictionary<string, string>? environment, params string[] args) =>
        RunExecutable("dotnet", workingDirectory, environment, [program, .. args]);

    /// <summary>Runs any executable (dotnet, a script, bash) with the REALGANLAB_* variables of this process removed.</summary>
    public static Result RunExecutable(string executable, string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("REALGANLAB_")).ToList()) start.Environment.Remove(key);
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>A fresh empty directory under the system temp folder.</summary>
    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "realganlab-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The repository root (the folder holding RealGanLab.sln).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RealGanLab.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("RealGanLab.sln not found above the test folder");
    }
}
