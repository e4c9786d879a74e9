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

    public EncoderDecoderGenerator(string name, int latent, ImageShape shape, int width, int depth, string normalization) : base(name)
    {
        this.shape = shape;
        int wide = 2 * width;
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            nn.Conv2d(shape.Channels, width, 4, stride: 2, padding: 1),
            nn.ReLU(),
            nn.Conv2d(width, wide, 4, stride: 2, padding: 1),
            ConvNormalization.Create(normalization, wide),
            nn.ReLU(),
        };
        for (int i = 0; i < depth; i++)
        {
            layers.Add(nn.Conv2d(wide, wide, 3, padding: 1));
            layers.Add(ConvNormalization.Create(normalization, wide));
            layers.Add(nn.ReLU());
        }
        encoder = nn.Sequential(layers);
        bottleneck = nn.Linear(wide * ImageShape.Base * ImageShape.Base, latent);
        decoder = new DcganGenerator("decoder", latent, shape, width, depth, normalization);
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
