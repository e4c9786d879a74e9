using RealGanLab.Data;
using RealGanLab.Data.Mnist;
using RealGanLab.Losses;
using RealGanLab.Networks;
using RealGanLab.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// The generative-compression game of the seed essay: G is an encoder–decoder that reconstructs its input image
/// through a bottleneck, D judges whether an image is real or a reconstruction, and the added MSE μ·E(G(x) − x)²
/// (regularizers:mse) pulls G(x) towards x. μ = 0 leaves only realism; large μ makes G an autoencoder. G's
/// input is the batch's own real images, which are also the MSE's paired target (<see cref="PenaltyContext.Target"/>).
/// The fixed inputs of sample dumps and metrics are test images, so reconstructions are of unseen digits.
/// </summary>
public sealed class CompressionGan : ImageGan
{
    readonly MnistSet test;

    public CompressionGan(ImageData data, MnistSet test, EncoderDecoderGenerator generator, DcganDiscriminator discriminator,
        ILossFamily loss, RegularizerSet regularizers, Device device, ScalarType dtype)
        : base("compression", data, generator, discriminator, generator.Latent, loss, regularizers, device, dtype)
    {
        this.test = test;
    }

    public override string Title => Describe($"compression (encoder–decoder G, bottleneck {LatentDimension}) on {Images.Name}");

    protected override bool UsesLatent => false;

    protected override Tensor GeneratorInput(GameBatch batch) =>
        batch.Real ?? throw new ArgumentException("the compression game's batch needs real images");

    /// <summary><paramref name="n"/> test images (independently drawn per channel), flattened like training images.</summary>
    public override Tensor FixedGeneratorInputs(int n, Generator g)
    {
        using var scope = NewDisposeScope();
        var indices = randint(0, test.Count, [n, Channels], dtype: int64, generator: g);
        var picked = test.Images.index_select(0, indices.flatten());
        return MnistSet.ToFloat(picked, Dtype).view(n, -1).to(Device).MoveToOuterDisposeScope();
    }

    public override void Dispose()
    {
        base.Dispose();
        test.Dispose();
    }
}
