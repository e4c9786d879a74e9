using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>
/// DCGAN generator for 28×28 (Radford et al. 2016, §3 architecture guidelines, as in the common MNIST variants):
/// z → Linear → 2w×7×7 → [Conv3×3 → Norm → ReLU] × depth → ConvT 4×4/2 → w×14×14 → Norm → ReLU → ConvT 4×4/2 →
/// C×28×28 → tanh, flattened to [n, C·784]. Width w and the number of extra stride-1 layers (depth) are
/// configurable; normalization none, batch (DCGAN) or layer; optionally spectral normalization of the Linear and every
/// convolution (Miyato et al. 2018). Also the decoder of <see cref="EncoderDecoderGenerator"/>.
/// </summary>
public sealed class DcganGenerator : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> project;
    readonly nn.Module<Tensor, Tensor> projectNorm;
    readonly nn.Module<Tensor, Tensor> body;
    readonly int width;
    readonly ImageShape shape;

    /// <param name="spectralNorm">Draws each layer's u for spectral normalization; null: none.</param>
    public DcganGenerator(string name, int latent, ImageShape shape, int width, int depth, string normalization, Generator? spectralNorm = null) : base(name)
    {
        this.width = width;
        this.shape = shape;
        int wide = 2 * width;
        project = SpectralNormalization.Wrap(nn.Linear(latent, wide * ImageShape.Base * ImageShape.Base), spectralNorm);
        projectNorm = ConvNormalization.Create1d(normalization, wide * ImageShape.Base * ImageShape.Base);
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (int i = 0; i < depth; i++)
        {
            layers.Add(SpectralNormalization.Wrap(nn.Conv2d(wide, wide, 3, padding: 1), spectralNorm));
            layers.Add(ConvNormalization.Create(normalization, wide));
            layers.Add(nn.ReLU());
        }
        layers.Add(SpectralNormalization.Wrap(nn.ConvTranspose2d(wide, width, 4, stride: 2, padding: 1), spectralNorm));
        layers.Add(ConvNormalization.Create(normalization, width));
        layers.Add(nn.ReLU());
        layers.Add(SpectralNormalization.Wrap(nn.ConvTranspose2d(width, shape.Channels, 4, stride: 2, padding: 1), spectralNorm));
        layers.Add(nn.Tanh());
        body = nn.Sequential(layers);
        Latent = latent;
        RegisterComponents();
    }

    public int Latent { get; }

    public override Tensor forward(Tensor z)
    {
        var h = nn.functional.relu(projectNorm.call(project.call(z)));
        h = h.view(-1, 2 * width, ImageShape.Base, ImageShape.Base);
        return body.call(h).flatten(1);
    }
}
