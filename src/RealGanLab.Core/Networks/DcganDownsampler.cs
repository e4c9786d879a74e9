using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>
/// The convolutional body shared by the DCGAN discriminator and the compression game's encoder (Radford et al. 2016):
/// C×28×28 → Conv 4×4/2 → w×14×14 → act → Conv 4×4/2 → 2w×7×7 → Norm → act → [Conv 3×3 → Norm → act] × depth.
/// No normalization after the first convolution, as in DCGAN. With a generator for spectral normalization, every
/// convolution is wrapped in <see cref="SpectralNormalization"/> (Miyato et al. 2018).
/// </summary>
public static class DcganDownsampler
{
    public static nn.Module<Tensor, Tensor> Create(ImageShape shape, int width, int depth, string normalization, Func<nn.Module<Tensor, Tensor>> activation,
        Generator? spectralNorm = null)
    {
        int wide = 2 * width;
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            SpectralNormalization.Wrap(nn.Conv2d(shape.Channels, width, 4, stride: 2, padding: 1), spectralNorm),
            activation(),
            SpectralNormalization.Wrap(nn.Conv2d(width, wide, 4, stride: 2, padding: 1), spectralNorm),
            ConvNormalization.Create(normalization, wide),
            activation(),
        };
        for (int i = 0; i < depth; i++)
        {
            layers.Add(SpectralNormalization.Wrap(nn.Conv2d(wide, wide, 3, padding: 1), spectralNorm));
            layers.Add(ConvNormalization.Create(normalization, wide));
            layers.Add(activation());
        }
        return nn.Sequential(layers);
    }
}
