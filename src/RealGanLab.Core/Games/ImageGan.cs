using RealGanLab.Data;
using RealGanLab.Losses;
using RealGanLab.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// The image game: a DCGAN generator and discriminator (Radford et al. 2016) on MNIST or Stacked MNIST. Like the
/// Dirac-GAN and the 2-D MLP game it is a <see cref="GanGame"/>, so every loss family, regularizer, update rule and
/// probe applies unchanged. Training batches take real images in the data's shuffled epoch order.
/// </summary>
public class ImageGan : GanGame
{
    public ImageGan(string name, ImageData data, nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator,
        int latentDimension, ILossFamily loss, RegularizerSet regularizers, Device device, ScalarType dtype)
        : base(name, generator, discriminator, data, latentDimension, loss, regularizers, device, dtype)
    {
        Images = data;
    }

    public ImageData Images { get; }

    /// <summary>Image channels: 1 (MNIST) or 3 (Stacked MNIST).</summary>
    public int Channels => Images.Shape.Channels;

    public override string Title => Describe($"DCGAN on {Images.Name}");

    public override GameBatch SampleTrainingBatch(int size, Generator g, long step) =>
        Draw(size, g, step, Images.Next(size, Dtype, Device));

    public override void Dispose()
    {
        base.Dispose();
        Images.Dispose();
        GC.SuppressFinalize(this);
    }
}
