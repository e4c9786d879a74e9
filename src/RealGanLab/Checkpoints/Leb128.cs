namespace RealGanLab.Checkpoints;

/// <summary>
/// Reads the unsigned LEB128 integers that TorchSharp's <c>Module.save</c> and <c>Tensor.Save</c> write
/// (entry counts, dtypes, shapes). TorchSharp's own codec is internal, so module sections are parsed here.
/// </summary>
internal static class Leb128
{
    public static long Read(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = reader.ReadByte();
            value |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("LEB128 integer longer than 64 bits");
    }
}
