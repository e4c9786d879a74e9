using static TorchSharp.torch;

namespace RealGanLab.Interop;

/// <summary>
/// A tensor storage in a torch.save file, as its pickle names it: the storage type ("FloatStorage"), the key of the
/// archive entry holding its bytes (data/KEY) and its number of elements.
/// </summary>
public sealed record StorageReference(string TypeName, string Key, long Count)
{
    /// <summary>The element type of the storage type (torch/storage.py's legacy names), or null for one RealGanLab does not read.</summary>
    public ScalarType? Dtype => TypeName switch
    {
        "DoubleStorage" => ScalarType.Float64,
        "FloatStorage" => ScalarType.Float32,
        "HalfStorage" => ScalarType.Float16,
        "BFloat16Storage" => ScalarType.BFloat16,
        "LongStorage" => ScalarType.Int64,
        "IntStorage" => ScalarType.Int32,
        "ShortStorage" => ScalarType.Int16,
        "CharStorage" => ScalarType.Int8,
        "ByteStorage" => ScalarType.Byte,
        "BoolStorage" => ScalarType.Bool,
        _ => null,
    };
}
