using static TorchSharp.torch;

namespace RealGanLab.Data.Mnist;

/// <summary>Reads a <see cref="MnistSet"/> from the IDX files on disk (the in-memory set itself lives in the core and reads no files).</summary>
public static class MnistSetFile
{
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

}
