using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>
/// The generator of the generative-compression game (the seed essay's added-MSE game; cf. Agustsson et al. 2019,
/// "Generative adversarial networks for extreme learned image compression"): G(x) = decode(encode(x)), where the
/// encoder is the DCGAN discriminator's convolutional body ending in a bottleneck of <c>latent</c> numbers and the
/// decoder is <see cref="DcganGenerator"/>. The added MSE μ·E(G(x) − x)² pulls the reconstruction towards its
/// input while D judges realism; μ trades fidelity against realism.
/// </summary>
public sealed class EncoderDecoderGenerator : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> encoder;
    readonly nn.Module<Tensor, Tensor> bottleneck;
    readonly DcganGenerator decoder;
    readonly ImageShape shape;

    /// <param name="spectralNorm">Draws each layer's u for spectral normalization (Miyato et al. 2018); null: none.</param>
    public EncoderDecoderGenerator(string name, int latent, ImageShape shape, int width, int depth, string normalization,
        Generator? spectralNorm = null) : base(name)
    {
        this.shape = shape;
        encoder = DcganDownsampler.Create(shape, width, depth, normalization, () => nn.ReLU(), spectralNorm);
        bottleneck = SpectralNormalization.Wrap(nn.Linear(2 * width * ImageShape.Base * ImageShape.Base, latent), spectralNorm);
        decoder = new DcganGenerator("decoder", latent, shape, width, depth, normalization, spectralNorm);
        Latent = latent;
        RegisterComponents();
    }

    /// <summary>Size of the bottleneck code.</summary>
    public int Latent { get; }

    /// <summary>The bottleneck code of images [n, C·784].</summary>
    public Tensor Encode(Tensor x) =>
        bottleneck.call(encoder.call(x.view(-1, shape.Channels, ImageShape.Side, ImageShape.Side)).flatten(1));

    public override Tensor forward(Tensor x) => decoder.call(Encode(x));
}
