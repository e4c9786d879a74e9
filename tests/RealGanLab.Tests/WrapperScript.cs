using System.Diagnostics;

namespace RealGanLab.Tests;

/// <summary>Runs the repository's realganlab wrapper script in a child process.</summary>
public static class WrapperScript
{
    /// <summary>The bash on PATH, or null.</summary>
    public static string? Bash() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "bash")).FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="program"/> (a script, or bash with -c) in <paramref name="workingDirectory"/>.</summary>
    public static CliRunner.Result Run(string workingDirectory, string program, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(program)
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
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 2 minutes");
        }
        return new CliRunner.Result(process.ExitCode, output.Result, error.Result);
    }
}
