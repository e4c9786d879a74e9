using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>
/// PacGAN's packing (Lin et al. 2018, §3): D judges m samples at once, concatenated into one input of m·d
/// numbers, so that a generator whose samples look alike is easy to tell from data. Rows i·m … i·m+m−1 of a
/// batch form pack i (the rows are independent draws). With m = 1 this is the plain discriminator.
/// </summary>
public sealed class PackedDiscriminator : nn.Module<Tensor, Tensor>
{
    readonly Mlp network;

    /// <param name="spectralNorm">Draws each layer's u for spectral normalization; null: none.</param>
    public PackedDiscriminator(int dataDimension, int pack, int hiddenLayers, int width, string activation, string normalization,
        Generator? spectralNorm = null)
        : base("discriminator")
    {
        Pack = pack;
        DataDimension = dataDimension;
        network = new Mlp("network", dataDimension * pack, 1, hiddenLayers, width, activation, normalization, spectralNorm);
        RegisterComponents();
    }

    public int Pack { get; }

    public int DataDimension { get; }

    public bool SupportsFunctional => network.SupportsFunctional;

    public override Tensor forward(Tensor x) => network.call(Packed(x)).squeeze(-1);

    /// <summary>D with the given parameters in place of its own (for unrolling).</summary>
    public Tensor Functional(Tensor x, IReadOnlyList<Tensor> parameters) => network.Functional(Packed(x), parameters).squeeze(-1);

    Tensor Packed(Tensor x)
    {
        if (x.shape[0] % Pack != 0)
            throw new ArgumentException($"a batch of {x.shape[0]} cannot be packed in groups of {Pack}");
        return Pack == 1 ? x : x.reshape(x.shape[0] / Pack, Pack * DataDimension);
    }
}
