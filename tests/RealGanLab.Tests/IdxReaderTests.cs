using System.Buffers.Binary;
using RealGanLab.Data.Mnist;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>The IDX reader (LeCun et al., MNIST file format) on small files written here: round trips and every kind of corruption.</summary>
[NoGarbageCollection]
public class IdxReaderTests
{
    /// <summary>An IDX file: 0x00 0x00, the type byte, the rank, big-endian int32 dimensions, then the bytes.</summary>
    static byte[] Idx(int[] shape, byte[] payload, byte type = 0x08, int? rank = null)
    {
        var bytes = new byte[4 + 4 * shape.Length + payload.Length];
        bytes[2] = type;
        bytes[3] = (byte)(rank ?? shape.Length);
        for (int i = 0; i < shape.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), shape[i]);
        payload.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    static string Write(byte[] bytes, string name = "file-idx")
    {
        var path = Path.Combine(CliRunner.TempDirectory(), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static IdxFormatException Fails(byte[] bytes, int? expectedDimensions = null)
    {
        var path = Write(bytes);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path, expectedDimensions)?.Dispose());
        Assert.Equal(path, e.Path);
        Assert.StartsWith(path, e.Message);
        return e;
    }

    [Fact]
    public void ThreeDimensionalBytesRoundTrip()
    {
        var payload = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 11)).ToArray();
        using var t = IdxReader.Read(Write(Idx([2, 3, 4], payload)), expectedDimensions: 3);
        Assert.Equal(ScalarType.Byte, t.dtype);
        Assert.Equal([2L, 3, 4], t.shape);
        Assert.Equal(payload, t.data<byte>().ToArray());
        // Row-major: element [1, 2, 3] is the last one.
        Assert.Equal(payload[^1], t[1, 2, 3].item<byte>());
        Assert.Equal(payload[1 * 12 + 0 * 4 + 2], t[1, 0, 2].item<byte>());
    }

    [Fact]
    public void OneDimensionalLabelsRoundTrip()
    {
        byte[] labels = [7, 2, 1, 0, 4, 255];
        using var t = IdxReader.Read(Write(Idx([6], labels)), expectedDimensions: 1);
        Assert.Equal([6L], t.shape);
        Assert.Equal(labels, t.data<byte>().ToArray());
    }

    [Fact]
    public void EmptyDimensionGivesAnEmptyTensor()
    {
        using var t = IdxReader.Read(Write(Idx([0, 28, 28], [])));
        Assert.Equal([0L, 28, 28], t.shape);
    }

    [Fact]
    public void BadMagicNumberIsNamed() =>
        Assert.Contains("not an IDX file", Fails([0x1f, 0x8b, 0x08, 0x01, 0, 0, 0, 0]).Problem);

    [Fact]
    public void UnsupportedTypeByteIsNamed() =>
        Assert.Contains("0x0d is not supported", Fails(Idx([2], [0, 0, 0, 0, 0, 0, 0, 0], type: 0x0d)).Problem);

    [Fact]
    public void WrongRankIsNamed()
    {
        Assert.Contains("has 1 dimensions; expected 3", Fails(Idx([4], [1, 2, 3, 4]), expectedDimensions: 3).Problem);
        Assert.Contains("has 0 dimensions", Fails(Idx([], [])).Problem);
    }

    [Fact]
    public void TruncatedPayloadIsNamed()
    {
        var full = Idx([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        var problem = Fails(full[..^3]).Problem;
        Assert.Contains("truncated or corrupt", problem);
        Assert.Contains("[2, 2, 2]", problem);
    }

    [Fact]
    public void ExtraBytesAreNamed() =>
        Assert.Contains("truncated or corrupt", Fails([.. Idx([3], [1, 2, 3]), 9, 9]).Problem);

    [Fact]
    public void TruncatedHeaderIsNamed()
    {
        Assert.Contains("too short for an IDX header", Fails([0, 0, 8]).Problem);
        Assert.Contains("truncated inside the header", Fails(Idx([60000, 28, 28], [])[..9]).Problem);
    }

    [Fact]
    public void HugeDimensionsDoNotWrapAround()
    {
        // 2^32−1 cubed overflows a 64-bit count; the reader must still see that the file is far too short.
        var bytes = Idx([-1, -1, -1], []);
        Assert.Contains("far more", Fails(bytes).Problem);
    }

    [Fact]
    public void LabelAndImageCountsMustAgree()
    {
        var dir = CliRunner.TempDirectory();
        File.WriteAllBytes(Path.Combine(dir, MnistFile.TestImages.Name), Idx([3, 28, 28], new byte[3 * 28 * 28]));
        File.WriteAllBytes(Path.Combine(dir, MnistFile.TestLabels.Name), Idx([2], [1, 2]));
        var e = Assert.Throws<IdxFormatException>(() => MnistSetFile.Load(dir, MnistSplit.Test).Dispose());
        Assert.Equal(Path.Combine(dir, MnistFile.TestLabels.Name), e.Path);
        Assert.Contains("has 2 labels but t10k-images-idx3-ubyte has 3 images", e.Message);
    }

    [Fact]
    public void SmallSplitLoads()
    {
        var dir = CliRunner.TempDirectory();
        File.WriteAllBytes(Path.Combine(dir, MnistFile.TestImages.Name), Idx([2, 28, 28], Enumerable.Repeat((byte)255, 2 * 28 * 28).ToArray()));
        File.WriteAllBytes(Path.Combine(dir, MnistFile.TestLabels.Name), Idx([2], [3, 9]));
        using var set = MnistSetFile.Load(dir, MnistSplit.Test);
        Assert.Equal(2, set.Count);
        Assert.Equal(ScalarType.Int64, set.Labels.dtype);
        Assert.Equal([3L, 9], set.Labels.data<long>().ToArray());
        using var floats = MnistSet.ToFloat(set.Images, ScalarType.Float32);
        Assert.Equal([2L, 1, 28, 28], floats.shape);
        Assert.Equal(1.0f, floats.max().item<float>());
    }

    [Fact]
    public void RealMnistLoads()
    {
        using var train = MnistSetFile.Load(MnistTestData.Directory, MnistSplit.Train);
        Assert.Equal([60000L, 28, 28], train.Images.shape);
        // The first training label of MNIST is 5, the first test label 7.
        Assert.Equal(5, train.Labels[0].item<long>());
        using var counts = train.Labels.bincount(null);
        Assert.Equal(10, counts.shape[0]);
        Assert.Equal(60000, counts.sum().item<long>());
        using var test = MnistSetFile.Load(MnistTestData.Directory, MnistSplit.Test);
        Assert.Equal(7, test.Labels[0].item<long>());
    }
}
