using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Checkpoints;

/// <summary>
/// A tensor detached from TorchSharp: dtype, shape and the raw element bytes (little-endian, C order).
/// Decoding into a blob first lets every dtype, shape and length be checked before a tensor is touched.
/// </summary>
internal sealed record TensorBlob(ScalarType Dtype, long[] Shape, byte[] Data)
{
    /// <summary>Copies a tensor's values out (from any device; non-contiguous views are made contiguous).</summary>
    public static TensorBlob From(Tensor tensor)
    {
        // Tensor.bytes reads the raw storage pointer without checking device or layout: copy to a
        // contiguous CPU tensor first. The scope disposes only the copies, never the caller's tensor.
        using var scope = NewDisposeScope();
        var cpuCopy = tensor.detach().cpu().contiguous();
        return new TensorBlob(tensor.dtype, tensor.shape, cpuCopy.bytes.ToArray());
    }

    public long NumberOfElements => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>A new CPU tensor holding these values.</summary>
    public Tensor ToTensor()
    {
        var t = empty(Shape, Dtype);
        if (Data.Length > 0) t.bytes = Data;
        return t;
    }

    public string Describe() => $"{Dtype}[{string.Join(", ", Shape)}]";

    /// <summary>This project's tensor section: int32 dtype, int32 rank, int64 dims, int64 byte count, bytes.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write((int)Dtype);
        writer.Write(Shape.Length);
        foreach (var d in Shape) writer.Write(d);
        writer.Write((long)Data.Length);
        writer.Write(Data);
    }

    public static TensorBlob Read(BinaryReader reader)
    {
        var dtype = ReadDtype(reader.ReadInt32());
        int rank = reader.ReadInt32();
        if (rank < 0 || rank > 64) throw new InvalidDataException($"tensor rank {rank}");
        var shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = reader.ReadInt64();
        long length = reader.ReadInt64();
        return WithData(dtype, shape, length, reader);
    }

    /// <summary>The layout of TorchSharp's <c>Tensor.Save</c>: LEB128 dtype, rank and dims, then the bytes.</summary>
    public static TensorBlob ReadTorchSharp(BinaryReader reader)
    {
        var dtype = ReadDtype(Leb128.Read(reader));
        long rank = Leb128.Read(reader);
        if (rank > 64) throw new InvalidDataException($"tensor rank {rank}");
        var shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = Leb128.Read(reader);
        return WithData(dtype, shape, Checked(shape) * ElementSize(dtype), reader);
    }

    static TensorBlob WithData(ScalarType dtype, long[] shape, long length, BinaryReader reader)
    {
        long expected = Checked(shape) * ElementSize(dtype);
        if (length != expected)
            throw new InvalidDataException($"{dtype}[{string.Join(", ", shape)}] needs {expected} bytes, the section has {length}");
        if (length > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new EndOfStreamException($"tensor data of {length} bytes runs past the end of the section");
        return new TensorBlob(dtype, shape, reader.ReadBytes((int)length));
    }

    static long Checked(long[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new InvalidDataException($"negative dimension {d}");
            n = checked(n * d);
        }
        if (n > int.MaxValue) throw new InvalidDataException($"tensor of {n} elements is larger than a section can hold");
        return n;
    }

    static ScalarType ReadDtype(long code)
    {
        var dtype = (ScalarType)code;
        if (code < 0 || code > sbyte.MaxValue || ElementSize(dtype) == 0) throw new InvalidDataException($"unsupported dtype code {code}");
        return dtype;
    }

    /// <summary>Bytes per element, 0 for dtypes a checkpoint does not carry.</summary>
    static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => 0,
    };
}
