using System.Buffers.Binary;
using static TorchSharp.torch;

namespace RealGanLab.Data.Mnist;

/// <summary>
/// Reads an IDX file (LeCun et al., "The MNIST database", file format section): two zero bytes, a type byte
/// (0x08 = unsigned byte, the only type MNIST uses), the number of dimensions, each dimension as a big-endian
/// int32, then the data in row-major order. The payload is read in one piece straight into the memory of one uint8
/// tensor, so the 47 MB training images load in a fraction of a second.
/// </summary>
public static class IdxReader
{
    const byte UnsignedByte = 0x08;

    /// <summary>The whole file as a uint8 tensor of the shape in its header.</summary>
    /// <exception cref="IdxFormatException">The magic number, the dimensions or the file size are wrong.</exception>
    public static Tensor Read(string path, int? expectedDimensions = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4)
            throw new IdxFormatException(path, $"only {stream.Length} bytes: too short for an IDX header.");
        if (magic[0] != 0 || magic[1] != 0)
            throw new IdxFormatException(path, $"not an IDX file (magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):x8}; expected 0x0000080N).");
        if (magic[2] != UnsignedByte)
            throw new IdxFormatException(path, $"IDX element type 0x{magic[2]:x2} is not supported (MNIST files are unsigned bytes, 0x08).");
        int rank = magic[3];
        if (rank == 0 || (expectedDimensions is int d && rank != d))
            throw new IdxFormatException(path, $"has {rank} dimensions; expected {expectedDimensions?.ToString() ?? "at least 1"}.");

        var shape = new long[rank];
        Span<byte> word = stackalloc byte[4];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            if (stream.ReadAtLeast(word, 4, throwOnEndOfStream: false) < 4)
                throw new IdxFormatException(path, "truncated inside the header.");
            shape[i] = BinaryPrimitives.ReadUInt32BigEndian(word);
            // Saturate instead of overflowing: a corrupt header with huge dimensions must fail the size check below,
            // not wrap around to a size that happens to match.
            count = count != 0 && shape[i] > long.MaxValue / count ? long.MaxValue : count * shape[i];
        }
        long header = 4 + 4L * rank;
        if (count > stream.Length - header || stream.Length != header + count)
            throw new IdxFormatException(path,
                $"is {stream.Length:N0} bytes, but its header [{string.Join(", ", shape)}] says {(count == long.MaxValue ? "far more" : (header + count).ToString("N0"))}: the file is truncated or corrupt.");
        if (count > Array.MaxLength)
            throw new IdxFormatException(path, $"holds {count:N0} bytes, more than one array can take.");

        // Straight into the tensor's own memory (Tensor.bytes is a span over it on the CPU): no managed array
        // and no second copy, which halves the load time of the training images.
        var result = empty(shape, uint8);
        try
        {
            stream.ReadExactly(result.bytes);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
