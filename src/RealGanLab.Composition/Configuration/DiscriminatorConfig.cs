using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>
/// The discriminator: an MLP D(x), optionally packed (PacGAN; game mlp), or a DCGAN discriminator (games dcgan and
/// compression: width = feature maps of the first convolution; hiddenLayers = extra stride-1 3×3 convolutions;
/// normalization layer = GroupNorm with one group; activation fixed at LeakyReLU 0.2).
/// </summary>
public sealed record DiscriminatorConfig
{
    [Description("Number of hidden layers.")]
    [Range(0, 100)]
    public int HiddenLayers { get; init; } = 2;

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

    [Description("PacGAN packing degree m: D judges m samples concatenated (1 = no packing; Lin et al. 2018).")]
    [Range(1, 64)]
    public int Pack { get; init; } = 1;

    [Description("Weight initialisation of every fully connected and convolutional layer: default (PyTorch's) or orthogonal (Saxe et al. 2014; biases zero).")]
    [Choice(NameKind.Init)]
    public string Init { get; init; } = "default";

    [Description("init orthogonal: the gain the orthogonal weights are scaled by (Metz et al.'s unrolled GAN: 1.4); needs init orthogonal.")]
    [Range(1e-300, double.MaxValue)]
    public double InitGain { get; init; } = 1.0;
}
