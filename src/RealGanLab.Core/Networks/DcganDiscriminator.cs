using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>
/// DCGAN discriminator for 28×28 (Radford et al. 2016): [n, C·784] → C×28×28 → Conv 4×4/2 → w×14×14 → LeakyReLU(0.2)
/// → Conv 4×4/2 → 2w×7×7 → Norm → LeakyReLU → [Conv3×3 → Norm → LeakyReLU] × depth → Linear → one logit per sample.
/// No normalization on the first layer, as in DCGAN; the loss family turns the logit into each player's payoff.
/// Optionally every convolution and the Linear head are spectrally normalised (Miyato et al. 2018).
/// </summary>
public sealed class DcganDiscriminator : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> body;
    readonly nn.Module<Tensor, Tensor> head;
    readonly ImageShape shape;

    /// <param name="spectralNorm">Draws each layer's u for spectral normalization; null: none.</param>
    public DcganDiscriminator(string name, ImageShape shape, int width, int depth, string normalization, Generator? spectralNorm = null) : base(name)
    {
        this.shape = shape;
        body = DcganDownsampler.Create(shape, width, depth, normalization, () => nn.LeakyReLU(0.2), spectralNorm);
        head = SpectralNormalization.Wrap(nn.Linear(2 * width * ImageShape.Base * ImageShape.Base, 1), spectralNorm);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        head.call(body.call(x.view(-1, shape.Channels, ImageShape.Side, ImageShape.Side)).flatten(1));
}
