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

    /// <summary>Reads a split from <paramref name="directory"/> (the four uncompressed IDX files, as 'realganlab data fetch mnist' leaves them).</summary>
    /// <exception cref="IdxFormatException">A file is not a valid IDX file of the expected rank, or the two files disagree.</exception>
    public static MnistSet Load(string directory, MnistSplit split)
    {
        var (imagesFile, labelsFile) = MnistFile.Of(split);
        var imagesPath = Path.Combine(directory, imagesFile.Name);
        var labelsPath = Path.Combine(directory, labelsFile.Name);
        var images = IdxReader.Read(imagesPath, expectedDimensions: 3);
        Tensor? labels = null;
        try
        {
            using (var raw = IdxReader.Read(labelsPath, expectedDimensions: 1))
                labels = raw.to_type(int64);
            if (images.shape[0] != labels.shape[0])
                throw new IdxFormatException(labelsPath, $"has {labels.shape[0]:N0} labels but {imagesFile.Name} has {images.shape[0]:N0} images.");
            return new MnistSet(images, labels, split);
        }
        catch
        {
            // The 47 MB of images must not wait for a finalizer when the labels are bad.
            images.Dispose();
            labels?.Dispose();
            throw;
        }
    }

    /// <summary>Images [n, 1, 28, 28] scaled to [−1, 1] (the generator's tanh range).</summary>
    public static Tensor ToFloat(Tensor bytes, ScalarType dtype) =>
        bytes.to_type(dtype).div(127.5).sub(1.0).unsqueeze(-3);

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
