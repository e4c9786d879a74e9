using static TorchSharp.torch;

namespace RealGanLab.Data.Mnist;

/// <summary>
/// One split of MNIST in memory: images as uint8 [N, 28, 28] (0–255, as stored) and labels as int64 [N].
/// Kept as bytes (47 MB for the training set); batches are converted to floats in [−1, 1] when drawn.
/// </summary>
public sealed class MnistSet : IDisposable
{
    public MnistSet(Tensor images, Tensor labels, MnistSplit split)
    {
        if (images.ndim != 3 || labels.ndim != 1 || images.shape[0] != labels.shape[0])
            throw new ArgumentException($"MNIST {split}: images [{string.Join(", ", images.shape)}] and labels [{string.Join(", ", labels.shape)}] do not match");
        Images = images;
        Labels = labels;
        Split = split;
    }

    public Tensor Images { get; }

    /// <summary>Digit labels 0–9 (int64).</summary>
    public Tensor Labels { get; }

    public MnistSplit Split { get; }

    public int Count => (int)Images.shape[0];

    /// <summary>Images [n, 1, 28, 28] scaled to [−1, 1] (the generator's tanh range).</summary>
    public static Tensor ToFloat(Tensor bytes, ScalarType dtype) =>
        bytes.to_type(dtype).div(127.5).sub(1.0).unsqueeze(-3);

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
