using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>
/// How a player's network starts. <c>default</c> keeps TorchSharp's (PyTorch's) per-layer initialisation.
/// <c>orthogonal</c> (Saxe, McClelland, Ganguli 2014) replaces the weight of every fully connected and convolutional
/// layer by a random (semi-)orthogonal matrix times a gain, and zeroes its bias — TensorFlow's
/// orthogonal_initializer(gain), which Metz et al.'s unrolled-GAN experiments use with gain 1.4 on every fully
/// connected layer. A convolution's weight is flattened to 2-D (rows = its first dimension, the trailing dimensions
/// as columns), as torch.nn.init.orthogonal_ does; the rows are orthonormal when there are no more of them than
/// columns (W Wᵀ = gain²·I), else the columns are (Wᵀ W = gain²·I). Normalization layers keep their 1 and 0.
/// </summary>
public static class WeightInit
{
    public const string Default = "default";
    public const string Orthogonal = "orthogonal";

    public static IReadOnlyList<string> Names { get; } = [Default, Orthogonal];

    /// <summary>
    /// Applies <paramref name="init"/> to <paramref name="network"/> in place, layer by layer in registration order.
    /// The draws come from torch's global generator, which the game factory seeds with the run's seed: the same seed
    /// gives the same weights.
    /// </summary>
    public static void Apply(nn.Module network, string init, double gain)
    {
        if (init == Default) return;
        if (init != Orthogonal) throw new ArgumentException($"unknown init '{init}' ({string.Join(", ", Names)})");
        if (!(gain > 0) || !double.IsFinite(gain)) throw new ArgumentException($"init gain must be a finite number > 0; got {gain}");
        using var noGrad = no_grad();
        foreach (var layer in network.modules())
        {
            if (layer is not (Linear or Conv1d or Conv2d or Conv3d or ConvTranspose1d or ConvTranspose2d or ConvTranspose3d)) continue;
            foreach (var (name, parameter) in layer.named_parameters(recurse: false))
            {
                if (name == "weight") nn.init.orthogonal_(parameter, gain);
                else if (name == "bias") parameter.zero_();
            }
        }
    }
}
