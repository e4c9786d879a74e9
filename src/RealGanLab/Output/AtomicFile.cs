using System.Text;
using System.Text.RegularExpressions;

namespace RealGanLab.Output;

/// <summary>
/// The one way files are written where a reader, a crash or a full disk must never see half of one: checkpoints,
/// summaries, DONE, manifests, reports, plots, sample grids. The content goes to a hidden temp file in the same
/// directory (<c>.NAME.partial-RANDOM</c>, a name <see cref="Training.RunWriteException"/> maps back to NAME), is
/// flushed to disk (fsync), and is renamed over the target, so readers see either the old file or the complete new
/// one. On any exception the temp file is removed and the old file stays. The directory entry itself is not fsynced
/// (.NET has no API for it): after a power cut the rename may be lost, leaving the previous complete file, never a
/// partial one.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>
    /// The file a temp name of this helper stands for (".summary.json.partial-1a2b" → "summary.json",
    /// ".losses.png.partial-1a2b.png" → "losses.png"), or null for any other name. The suffix is hexadecimal: the
    /// process id (all digits) that earlier builds used is one too, so their leftovers are recognised as well.
    /// </summary>
    public static string? TargetOfTempName(string fileName) => TempName().Match(fileName) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// Writes <paramref name="path"/> with <paramref name="write"/>. With <paramref name="keepPreviousAs"/>, the old file
    /// is renamed there only once the new one is complete on disk, and then the new one is renamed into place: two
    /// renames, each atomic. A crash between them leaves no file at <paramref name="path"/> but the old one, complete,
    /// at <paramref name="keepPreviousAs"/>; a failed write (a full disk) renames nothing. At every moment one
    /// complete file exists.
    /// </summary>
    public static void Write(string path, Action<Stream> write, string? keepPreviousAs = null) =>
        Replace(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            write(stream);
            stream.Flush(flushToDisk: true);
        }, keepPreviousAs, extension: "");

    /// <summary>Writes a text file (UTF-8, no byte-order mark).</summary>
    public static void WriteAllText(string path, string contents) =>
        Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(contents)));

    /// <summary>
    /// For libraries that write to a path of their own (a plot's SavePng): <paramref name="writeTo"/> writes the temp
    /// file, which keeps the target's extension (<c>.NAME.partial-RANDOM.EXT</c>); it is then flushed to disk and renamed
    /// as <see cref="Write"/> does.
    /// </summary>
    public static void WriteThroughPath(string path, Action<string> writeTo) =>
        Replace(path, temp =>
        {
            writeTo(temp);
            using var written = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite);
            written.Flush(flushToDisk: true);
        }, keepPreviousAs: null, extension: Path.GetExtension(path));

    /// <summary>Writes the temp file with <paramref name="writeTo"/> (which leaves it on disk), then renames it into place.</summary>
    static void Replace(string path, Action<string> writeTo, string? keepPreviousAs, string extension)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.partial-{Guid.NewGuid().ToString("N")[..12]}{extension}");
        bool moved = false;
        try
        {
            writeTo(temp);
            if (keepPreviousAs is not null && File.Exists(full)) File.Move(full, Path.GetFullPath(keepPreviousAs), overwrite: true);
            File.Move(temp, full, overwrite: true);
            moved = true;
        }
        finally
        {
            if (!moved) TryDelete(temp);
        }
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex(@"^\.(.+)\.partial-[0-9a-f]+(\.[A-Za-z0-9]+)?$")]
    private static partial Regex TempName();
}
