using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>
/// The generator: an MLP G(z) (game mlp), a DCGAN generator (game dcgan: width = feature maps of the last stage, doubled
/// before it; hiddenLayers = extra stride-1 3×3 convolutions), or the compression game's encoder–decoder (latent = the bottleneck).
/// </summary>
public sealed record GeneratorConfig
{
    [Description("Size of the latent code z ~ N(0, I).")]
    [Range(1, 100_000)]
    public int Latent { get; init; } = 16;

    [Description("Number of hidden layers.")]
    [Range(0, 100)]
    public int HiddenLayers { get; init; } = 3;

    [Description("Units per hidden layer.")]
    [Range(1, 100_000)]
    public int Width { get; init; } = 128;

    [Description("Hidden activation: relu, leaky_relu, tanh, elu, softplus.")]
    [Choice(NameKind.Activation)]
    public string Activation { get; init; } = "relu";

    [Description("Normalization after each hidden linear layer: none, batch, layer.")]
    [Choice(NameKind.Normalization)]
    public string Normalization { get; init; } = "none";

    [Description("Spectral normalization of every linear and convolutional layer (Miyato et al. 2018): W / σ(W), σ by one power iteration per training step.")]
    public bool SpectralNorm { get; init; }

    [Description("Weight initialisation of every fully connected and convolutional layer: default (PyTorch's) or orthogonal (Saxe et al. 2014; biases zero).")]
    [Choice(NameKind.Init)]
    public string Init { get; init; } = "default";

    [Description("init orthogonal: the gain the orthogonal weights are scaled by (Metz et al.'s unrolled GAN: 1.4); needs init orthogonal.")]
    [Range(1e-300, double.MaxValue)]
    public double InitGain { get; init; } = 1.0;
}
