using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RealGanLab.Checkpoints;

/// <summary>
/// The checkpoint container: one binary file of named sections, written atomically and verified on read.
/// <code>
/// "RGLCKPT1"              8 bytes, magic and format version
/// file length             int64 LE, the whole file including the trailer (tells truncation from damage)
/// section count           int32 LE
/// per section:  name (BinaryWriter string: 7-bit length prefix, UTF-8), kind (1 byte),
///               length (int64 LE), bytes
/// SHA-256                 32 bytes, of everything before it
/// </code>
/// The magic is checked first, then the length, then the SHA-256, and only then is the section table parsed,
/// so a damaged file never reaches TorchSharp's loaders.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The first eight bytes of every checkpoint; the trailing digit is the format version.</summary>
    public static ReadOnlySpan<byte> Magic => "RGLCKPT1"u8;

    const int HashLength = 32;
    const int HeaderLength = 8 + 8 + 4;

    /// <summary>
    /// Writes the sections to <paramref name="path"/> atomically: a crash or an exception while writing
    /// leaves any previous file at that path untouched.
    /// </summary>
    /// <param name="keepPreviousAs">When set, an existing file at <paramref name="path"/> is renamed to this path
    /// just before the new one takes its place (see <see cref="Output.AtomicFile.Write"/>).</param>
    public static void Write(string path, IReadOnlyList<CheckpointSection> sections, string? keepPreviousAs = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in sections)
            if (!names.Add(s.Name)) throw new ArgumentException($"duplicate checkpoint section '{s.Name}'", nameof(sections));

        var sectionHeaders = sections.Select(SectionHeader).ToArray();
        long fileLength = HeaderLength + sectionHeaders.Sum(h => (long)h.Length) + sections.Sum(s => s.Length) + HashLength;

        Output.AtomicFile.Write(path, stream =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Emit(ReadOnlySpan<byte> bytes)
            {
                stream.Write(bytes);
                hash.AppendData(bytes);
            }

            Span<byte> header = stackalloc byte[HeaderLength];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt64LittleEndian(header[8..], fileLength);
            BinaryPrimitives.WriteInt32LittleEndian(header[16..], sections.Count);
            Emit(header);
            for (int i = 0; i < sections.Count; i++)
            {
                Emit(sectionHeaders[i]);
                Emit(sections[i].Data.Span);
            }
            stream.Write(hash.GetHashAndReset());
        }, keepPreviousAs);
    }

    /// <summary>
    /// Reads and verifies a checkpoint. Throws <see cref="CheckpointCorruptException"/> for a damaged file;
    /// I/O errors (missing file, no permission) pass through unchanged.
    /// </summary>
    public static IReadOnlyList<CheckpointSection> Read(string path)
    {
        var full = Path.GetFullPath(path);
        var bytes = File.ReadAllBytes(full);
        CheckpointCorruptException Corrupt(CheckpointProblem problem, string detail) => new(full, problem, detail);

        int prefix = Math.Min(bytes.Length, Magic.Length);
        if (!bytes.AsSpan(0, prefix).SequenceEqual(Magic[..prefix]))
            throw Corrupt(CheckpointProblem.BadMagic, $"does not start with \"{Encoding.ASCII.GetString(Magic)}\"");
        if (bytes.Length < HeaderLength + HashLength)
            throw Corrupt(CheckpointProblem.Truncated, $"only {bytes.Length} bytes, less than an empty checkpoint");

        long declared = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        if (bytes.Length < declared)
            throw Corrupt(CheckpointProblem.Truncated, $"{bytes.Length} bytes, the header says {declared}");
        if (bytes.Length > declared)
            throw Corrupt(CheckpointProblem.Malformed, $"{bytes.Length} bytes, the header says {declared} (trailing data or a damaged header)");

        int payload = bytes.Length - HashLength;
        var actual = SHA256.HashData(bytes.AsSpan(0, payload));
        if (!actual.AsSpan().SequenceEqual(bytes.AsSpan(payload)))
            throw Corrupt(CheckpointProblem.ChecksumMismatch, "the SHA-256 of the contents does not match the trailer");

        try
        {
            return ParseSections(bytes, payload);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException or DecoderFallbackException)
        {
            throw Corrupt(CheckpointProblem.Malformed, e.Message);
        }
    }

    static List<CheckpointSection> ParseSections(byte[] bytes, int payload)
    {
        using var stream = new MemoryStream(bytes, 0, payload, writable: false);
        using var reader = new BinaryReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
        stream.Position = HeaderLength;
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        if (count < 0) throw new InvalidDataException($"negative section count {count}");

        var sections = new List<CheckpointSection>(Math.Min(count, 1024));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var kind = (CheckpointSectionKind)reader.ReadByte();
            if (!Enum.IsDefined(kind)) throw new InvalidDataException($"section '{name}' has unknown kind {(byte)kind}");
            long length = reader.ReadInt64();
            if (length < 0 || length > payload - stream.Position)
                throw new InvalidDataException($"section '{name}' claims {length} bytes, past the end of the file");
            if (!names.Add(name)) throw new InvalidDataException($"section '{name}' appears twice");
            sections.Add(new CheckpointSection(name, kind, new ReadOnlyMemory<byte>(bytes, (int)stream.Position, (int)length)));
            stream.Position += length;
        }
        if (stream.Position != payload)
            throw new InvalidDataException($"{payload - stream.Position} unaccounted bytes after the last section");
        return sections;
    }

    static byte[] SectionHeader(CheckpointSection section)
    {
        if (string.IsNullOrEmpty(section.Name)) throw new ArgumentException("a checkpoint section needs a name");
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        {
            writer.Write(section.Name);
            writer.Write((byte)section.Kind);
            writer.Write(section.Length);
        }
        return stream.ToArray();
    }
}
