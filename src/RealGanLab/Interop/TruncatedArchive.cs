using System.Buffers.Binary;
using System.IO.Compression;

namespace RealGanLab.Interop;

/// <summary>
/// Says which tensors a truncated torch.save file lost. A cut zip archive has lost its central directory, so
/// System.IO.Compression cannot open it; but its entries are still there one after another, each behind a local
/// header with its size (PKWARE APPNOTE 4.3.7), and PyTorch writes data.pkl (the list of tensors) first. Reading the
/// local headers up to the cut tells which storages are whole, and data.pkl which tensors use the others.
/// </summary>
public static class TruncatedArchive
{
    const uint LocalHeader = 0x04034b50, CentralHeader = 0x02014b50;

    const uint Descriptor = 0x08074b50;

    /// <summary>A stored or deflated entry's bytes, null when they do not inflate or exceed TorchZipReader.MaxTensorBytes.</summary>
    static byte[]? Inflate(byte[] data, ushort method)
    {
        if (method == 0) return data;
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = inflate.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (copy.Length + read > TorchZipReader.MaxTensorBytes) return null;
                copy.Write(buffer, 0, read);
            }
            return copy.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Where the data that starts at <paramref name="start"/> ends and the next header begins; null when the file ends first.</summary>
    static (long End, long Next)? FindDescriptor(byte[] bytes, long start)
    {
        for (long p = start; p + 16 <= bytes.Length; p++)
        {
            if (bytes[p] != 0x50 || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)p)) != Descriptor) continue;
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)p + 8)) == p - start) return (p, p + 16);
            if (p + 24 <= bytes.Length && BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)p + 8)) == (ulong)(p - start)) return (p, p + 24);
        }
        return null;
    }

    /// <summary>
    /// The message for a file that is a zip archive cut short, naming the tensors whose bytes are lost where data.pkl
    /// survived; null when <paramref name="bytes"/> is not such a file (not a zip, or damaged otherwise).
    /// </summary>
    public static string? Explain(string file, byte[] bytes, Func<byte[], string, string, object> unpickle)
    {
        // The entries that are whole, and data.pkl's bytes: only it is read (inflated at most to
        // TorchZipReader.MaxTensorBytes); a storage's bytes are never inflated here, so a hostile file costs no memory.
        var whole = new HashSet<string>(StringComparer.Ordinal);
        byte[]? pickleBytes = null;
        string? pickle = null;
        string? cutEntry = null;
        int at = 0;
        while (true)
        {
            if (at + 4 > bytes.Length)
            {
                if (at == 0) return null;
                cutEntry = "(a local header)";
                break;
            }
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            if (signature == CentralHeader) return null;         // the directory is there: damaged, not cut
            if (signature != LocalHeader) return null;
            if (at + 30 > bytes.Length) { cutEntry = "(a local header)"; break; }
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 6));
            ushort method = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 8));
            uint compressed = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 18));
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 26));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 28));
            if (compressed == uint.MaxValue || (method != 0 && method != 8)) return null;   // ZIP64 sizes, other compressions
            if (at + 30 + nameLength > bytes.Length) { cutEntry = "(a local header)"; break; }
            var name = System.Text.Encoding.UTF8.GetString(bytes, at + 30, nameLength);
            long start = (long)at + 30 + nameLength + extraLength, end = start + compressed, next = end;
            if ((flags & 0x8) != 0)
            {
                // Sizes in a data descriptor after the data (PyTorch's writer does this): its signature, CRC-32 and a
                // compressed size equal to the distance from the data's start.
                if (FindDescriptor(bytes, start) is not { } found) { cutEntry = name; break; }
                (end, next) = found;
            }
            if (end > bytes.Length) { cutEntry = name; break; }
            if (pickle is null && (name == "data.pkl" || name.EndsWith("/data.pkl", StringComparison.Ordinal)))
            {
                pickle = name;
                pickleBytes = Inflate(bytes.AsSpan((int)start, (int)(end - start)).ToArray(), method);
                if (pickleBytes is null) return null;
            }
            whole.Add(name);
            at = (int)next;
        }
        var size = $"{bytes.Length:N0} bytes";
        if (pickle is null || pickleBytes is null)
            return $"{file} is truncated ({size}; it ends inside entry {cutEntry}, before data.pkl, the list of its tensors, survives): write it again.";
        List<(string Name, TensorReference Tensor)> tensors;
        try
        {
            tensors = TorchZipReader.Flatten(unpickle(pickleBytes, file, "truncated"), file, "truncated");
        }
        catch (BadInputException)
        {
            return $"{file} is truncated ({size}; it ends inside entry {cutEntry}): write it again.";
        }
        var folder = pickle[..^"data.pkl".Length];
        var lost = tensors.Where(t => !whole.Contains($"{folder}data/{t.Tensor.Storage.Key}")).Select(t => t.Name).ToList();
        var cut = tensors.Where(t => $"{folder}data/{t.Tensor.Storage.Key}" == cutEntry).Select(t => t.Name).ToList();
        return $"{file} is truncated ({size}): it ends inside " + (cut.Count > 0 ? $"tensor '{string.Join("', '", cut)}' (entry {cutEntry})" : $"entry {cutEntry}") +
            (lost.Count > 0 ? $"; the bytes of {lost.Count} of its {tensors.Count} tensors are lost ('{string.Join("', '", lost.Take(8))}'{(lost.Count > 8 ? ", …" : "")})" : "") +
            ". Write it again.";
    }
}
