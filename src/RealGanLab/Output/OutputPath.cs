using System.Runtime.InteropServices;
using RealGanLab.Configuration;

namespace RealGanLab.Output;

/// <summary>
/// Checks of a path the tool is about to write to, made before any work starts so that a bad one is refused
/// (bad input, exit 2, with the fix) and nothing is written: an output directory that is empty, is a file, lies
/// under a file or cannot be written; and an output file that is one of the command's own inputs.
/// </summary>
public static partial class OutputPath
{
    /// <summary>
    /// Refuses <paramref name="given"/> as an output directory when it is empty, names an existing file, lies under a
    /// file, or sits in a folder this process may not write to. A directory that does not exist yet is fine.
    /// </summary>
    public static void CheckDirectory(string given, string option)
    {
        if (string.IsNullOrWhiteSpace(given))
            throw new BadInputException(option, $"is empty; give a directory, e.g. {option} runs/my-run.");
        if (given.Contains('\0'))
            throw new BadInputException(option, "contains a NUL character; give a directory path.");
        var full = Path.GetFullPath(given);
        if (File.Exists(full))
            throw new BadInputException(option, $"'{given}' is a file, not a directory; writing there would replace it. Choose another {option}.");
        var existing = full;
        while (!Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null) break;
            if (File.Exists(parent))
                throw new BadInputException(option, $"'{given}' lies under '{parent}', which is a file, not a folder. Choose another {option}.");
            existing = parent;
        }
        if (Directory.Exists(existing) && !Writable(existing))
            throw new BadInputException(option, $"'{given}' cannot be written: '{existing}' is not writable by this user. Choose a writable {option}.");
    }

    /// <summary>
    /// Refuses <paramref name="output"/> when it is (after resolving links) one of <paramref name="inputs"/>, the files the
    /// command reads: an output never replaces an input.
    /// </summary>
    public static void CheckNotAnInput(string output, string option, IEnumerable<(string Path, string What)> inputs)
    {
        var target = Canonical(output);
        foreach (var (path, what) in inputs)
            if (string.Equals(Canonical(path), target, StringComparison.Ordinal))
                throw new BadInputException(option, $"'{output}' is {what}, which this command reads; writing there would replace it. Nothing was written. Choose another {option}.");
    }

    /// <summary>The full path with every link along it resolved (as far as the path exists).</summary>
    public static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            for (int hops = 0; hops < 40; hops++)
            {
                FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
                if (!info.Exists || info.LinkTarget is null) break;
                current = Path.GetFullPath(info.LinkTarget, Path.GetDirectoryName(current)!);
            }
        }
        return current;
    }

    /// <summary>Whether this process may create entries in <paramref name="directory"/> (access(2): the kernel's answer, read-only mounts included).</summary>
    static bool Writable(string directory) =>
        OperatingSystem.IsWindows() || Access(directory, WriteAndSearch) == 0;

    const int WriteAndSearch = 2 | 1;    // W_OK | X_OK

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
