using System.Runtime.InteropServices;

namespace RealGanLab.Native;

/// <summary>
/// Sends POSIX signals to other processes. .NET's Process.Kill only sends SIGKILL, but a sweep must pass
/// SIGTERM on to its workers so each saves a checkpoint before it stops (Slurm's preemption and time limit
/// signal the sweep process, not the workers).
/// </summary>
public static class PosixSignals
{
    public const int SIGTERM = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when it is gone or not ours.</summary>
    public static bool Send(int pid, int signal) => OperatingSystem.IsWindows() ? false : Kill(pid, signal) == 0;

    /// <summary>The name of a signal number, for records of crashed workers.</summary>
    public static string Name(int signal) => signal switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 3 => "SIGQUIT", 4 => "SIGILL", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE",
        9 => "SIGKILL", 11 => "SIGSEGV", 13 => "SIGPIPE", 15 => "SIGTERM", 24 => "SIGXCPU", 25 => "SIGXFSZ",
        _ => $"signal {signal}",
    };
}
