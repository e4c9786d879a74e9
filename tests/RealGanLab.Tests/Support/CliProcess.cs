using System.Diagnostics;
using System.Text;

namespace RealGanLab.Tests;

/// <summary>The realganlab command started in the background (for tests that signal or kill it, or run two at once).</summary>
public sealed class CliProcess : IDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    public CliProcess(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "realganlab.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("REALGANLAB_")).ToList()) start.Environment.Remove(key);
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Waits for the process to exit and returns its exit code (kills it and throws after the timeout).</summary>
    public int Wait(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"realganlab did not finish in {timeout}: {Output}");
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (or fails the test after the timeout, or when the process has exited first).</summary>
    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what, CliProcess? mustBeRunning = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"timed out waiting for {what}");
            if (mustBeRunning is not null && mustBeRunning.process.HasExited && !condition())
                throw new InvalidOperationException($"the process ended before {what}: {mustBeRunning.Output}");
            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
