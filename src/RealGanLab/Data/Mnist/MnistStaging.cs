using System.Security.Cryptography;

namespace RealGanLab.Data.Mnist;

/// <summary>
/// Writes MNIST files into their folder without ever leaving a half-written one: each file goes to a hidden
/// temporary name next to its final place (".NAME.partial-GUID", ignored by git), is hashed while it is written
/// and checked against the original's length and SHA-256, and only when every file passed does
/// <see cref="Commit"/> rename them into place (a rename within one folder is atomic). Disposing without a
/// commit removes the temporary files, and the folder too when this created it and it is still empty.
/// </summary>
internal sealed class MnistStaging(string directory) : IDisposable
{
    readonly List<(MnistFile File, string Temporary)> staged = [];
    bool createdDirectory;
    bool committed;

    /// <summary>Copies <paramref name="source"/> to a temporary file and checks it is the original <paramref name="file"/>.</summary>
    /// <param name="sourceName">Where the bytes come from, for the error message.</param>
    /// <param name="fix">What the user can do when the bytes are not the original, appended to the error message.</param>
    /// <exception cref="MnistDataException">The bytes are not the original file.</exception>
    public void Stage(MnistFile file, Stream source, string sourceName, string fix)
    {
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            createdDirectory = true;
        }
        var temporary = Path.Combine(directory, $".{file.Name}.partial-{Guid.NewGuid():N}");
        staged.Add((file, temporary)); // before writing, so that Dispose removes it whatever happens next
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
        {
            var buffer = new byte[1 << 20];
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                length += read;
                // Stop early on a source that is far too long rather than copying all of it.
                if (length > file.Length)
                    throw new MnistDataException($"{sourceName}: longer than the original {file.Name} ({file.Length:N0} bytes): not the MNIST file. {fix}", sourceName);
                hash.AppendData(buffer, 0, read);
                output.Write(buffer, 0, read);
            }
            // On disk before the rename makes it visible: a crash must not leave a verified name over lost bytes.
            output.Flush(flushToDisk: true);
        }
        if (length != file.Length)
            throw new MnistDataException($"{sourceName}: {MnistVerification.LengthProblem(file, length)} {fix}", sourceName);
        var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (sha != file.Sha256)
            throw new MnistDataException($"{sourceName}: {MnistVerification.ChecksumProblem(file, sha)} {fix}", sourceName);
    }

    /// <summary>Renames every staged file to its final name, replacing what was there.</summary>
    public void Commit()
    {
        foreach (var (file, temporary) in staged)
            File.Move(temporary, Path.Combine(directory, file.Name), overwrite: true);
        committed = true;
    }

    public void Dispose()
    {
        if (committed) return;
        foreach (var (_, temporary) in staged)
        {
            try { File.Delete(temporary); }
            catch (IOException) { } // best effort: the hidden name is git-ignored and the next fetch does not read it
            catch (UnauthorizedAccessException) { }
        }
        if (createdDirectory && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            Directory.Delete(directory);
    }
}
