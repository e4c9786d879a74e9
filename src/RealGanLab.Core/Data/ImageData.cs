using RealGanLab.Data.Mnist;
using RealGanLab.Games;
using RealGanLab.Networks;
using static TorchSharp.torch;

namespace RealGanLab.Data;

/// <summary>
/// MNIST (one channel) or Stacked MNIST (three channels, each an independently drawn digit; Metz et al. 2017,
/// Srivastava et al. 2017 (VEEGAN), Lin et al. 2018 (PacGAN): 1,000 modes, the 3-digit label) as the real data of a
/// GAN. Images are kept as bytes on the game's device and turned into floats in [−1, 1], flattened to
/// [n, C·784], when drawn. Training draws follow <see cref="ShuffledOrder"/> (per-epoch shuffling) from
/// <see cref="Cursor"/>; <see cref="Sample"/> draws independent random images for fixed batches (the probe's).
/// </summary>
public sealed class ImageData : IDataSource, IDisposable
{
    readonly MnistSet train;
    readonly Tensor images;
    readonly ShuffledOrder order;

    /// <summary>Takes ownership of <paramref name="train"/> (its tensors may be the ones kept here: to() on the same device returns the tensor itself).</summary>
    public ImageData(string name, MnistSet train, int channels, ulong orderSeed, Device device)
    {
        if (channels is not (1 or 3)) throw new ArgumentException($"MNIST images have 1 channel, Stacked MNIST 3; got {channels}");
        Name = name;
        Shape = new ImageShape(channels);
        this.train = train;
        images = train.Images.to(device);
        order = new ShuffledOrder(orderSeed, train.Count, channels);
    }

    public string Name { get; }

    public ImageShape Shape { get; }

    public int Dimension => Shape.Size;

    /// <summary>Images in the training set.</summary>
    public int Count => order.Count;

    /// <summary>Position in the shuffled training order: samples drawn so far (checkpointed).</summary>
    public long Cursor { get; set; }

    /// <summary>Random images (indices drawn from <paramref name="generator"/> with replacement).</summary>
    public Tensor Sample(int n, Generator generator, ScalarType dtype, Device device)
    {
        using var indices = randint(0, Count, [n, Shape.Channels], dtype: int64, generator: generator);
        return Gather(indices, dtype, device);
    }

    /// <summary>The next <paramref name="n"/> training images in the shuffled order, advancing the cursor.</summary>
    public Tensor Next(int n, ScalarType dtype, Device device)
    {
        using var indices = order.Take(Cursor, n);
        Cursor += n;
        return Gather(indices, dtype, device);
    }

    /// <summary>Images [n, C·784] for indices [n, C]: channel c of sample i is training image indices[i, c].</summary>
    Tensor Gather(Tensor indices, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var picked = images.index_select(0, indices.flatten().to(images.device)); // [n·C, 28, 28], sample-major
        var floats = MnistSet.ToFloat(picked, dtype).view(indices.shape[0], -1);
        return floats.to(device).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        if (!ReferenceEquals(images, train.Images)) images.Dispose();
        train.Dispose();
    }
}
