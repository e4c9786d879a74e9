using System.Globalization;

namespace RealGanLab.Output;

/// <summary>
/// An exclusive, advisory, process-scoped lock on a file. On Linux .NET opens a file with
/// <see cref="FileShare.None"/> under <c>flock(LOCK_EX | LOCK_NB)</c>, so the lock is released by the kernel
/// when the holding process ends in any way, kill -9 included: a crashed worker never leaves a stale lock.
/// The owner (pid, host, start time) goes to a sibling <c>.owner</c> file, for people and for
/// <c>realganlab runs</c>: a file under an exclusive flock cannot be opened by another .NET process, even
/// for reading. The lock file is left in place on release (deleting it would race with a process that has
/// just opened it).
/// </summary>
public sealed class FileLock : IDisposable
{
    readonly FileStream stream;

    /// <summary>The owner line of the previous holder (null: there was none), put back by <see cref="Abandon"/>.</summary>
    readonly string? previousOwner;

    FileLock(string path, FileStream stream, string? previousOwner)
    {
        Path = path;
        this.stream = stream;
        this.previousOwner = previousOwner;
    }

    public string Path { get; }

    /// <summary>
    /// Takes the lock, or returns null when another process (or another handle in this one) holds it. A few short
    /// retries first: <see cref="IsHeld"/> (realganlab runs, a sweep's scheduler) takes the lock for an instant to
    /// probe it, and must not make a real acquirer give up.
    /// </summary>
    public static FileLock? TryAcquire(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        FileStream? stream = null;
        for (int attempt = 0; attempt < 6 && stream is null; attempt++)
        {
            if (attempt > 0) Thread.Sleep(25);
            stream = Open(full, FileAccess.ReadWrite);
        }
        if (stream is null) return null;
        var previousOwner = Owner(full);
        try
        {
            File.WriteAllText(OwnerPath(full), $"pid {Environment.ProcessId} on {Environment.MachineName} since " +
                $"{DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)}\n");
        }
        catch (IOException)
        {
            // A full disk must not stop a process from holding its lock; the owner line is only informative.
        }
        return new FileLock(full, stream, previousOwner);
    }

    /// <summary>Whether some process holds the lock now (probes by taking and releasing it; the owner file is left alone).</summary>
    public static bool IsHeld(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) return false;
        try
        {
            using var probe = Open(full, FileAccess.Read);
            return probe is null;
        }
        catch (UnauthorizedAccessException)
        {
            return false;    // a read-only copy of a results folder: nobody can be training there
        }
        catch (FileNotFoundException)
        {
            return false;    // removed since the check above
        }
    }

    /// <summary>The owner line written by the last holder ("pid 123 on host since …"), or null.</summary>
    public static string? Owner(string path)
    {
        try
        {
            var text = File.ReadAllText(OwnerPath(path)).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (IOException)
        {
            return null;
        }
    }

    static FileStream? Open(string full, FileAccess access)
    {
        if (access != FileAccess.Read) Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        try
        {
            // FileShare.None is what makes .NET take flock(LOCK_EX), whatever the access.
            return new FileStream(full, access == FileAccess.Read ? FileMode.Open : FileMode.OpenOrCreate, access, FileShare.None);
        }
        catch (IOException) when (File.Exists(full))
        {
            return null;
        }
    }

    static string OwnerPath(string lockPath) => lockPath + ".owner";

    /// <summary>
    /// Releases a lock that was taken for nothing (the command was then refused as bad input): the owner file is put
    /// back as it was, so a refused command leaves the directory unchanged. The lock file itself stays (see above).
    /// </summary>
    public void Abandon()
    {
        try
        {
            if (previousOwner is null) File.Delete(OwnerPath(Path));
            else File.WriteAllText(OwnerPath(Path), previousOwner + "\n");
        }
        catch (IOException)
        {
            // Informative only, as when it was written.
        }
        Dispose();
    }

    public void Dispose() => stream.Dispose();
}
