using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>
/// Normalization after a convolution: BatchNorm2d (DCGAN's choice), layer norm over (C, H, W) as GroupNorm with one
/// group (what WGAN-GP recommends for critics, since a gradient penalty per sample is meaningless when BatchNorm
/// couples the samples), or none.
/// </summary>
public static class ConvNormalization
{
    public static nn.Module<Tensor, Tensor> Create(string normalization, int channels) => normalization switch
    {
        Normalizations.Batch => nn.BatchNorm2d(channels),
        Normalizations.Layer => LayerNorm2d(channels),
        Normalizations.None => nn.Identity(),
        _ => throw new ArgumentException($"unknown normalization '{normalization}' (none, batch, layer)"),
    };

    /// <summary>
    /// GroupNorm with one group. TorchSharp 0.107's GroupNorm allocates its affine weight and bias with torch.empty and
    /// never initialises them (PyTorch's reset_parameters sets 1 and 0): without this, the network starts from whatever
    /// memory held — NaN in one run, a different game in the next (docs/torchsharp-notes.md).
    /// </summary>
    static nn.Module<Tensor, Tensor> LayerNorm2d(int channels)
    {
        var norm = nn.GroupNorm(1, channels);
        using (no_grad())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.fill_(0.0);
        }
        return norm;
    }

    /// <summary>The same for a fully connected layer's output.</summary>
    public static nn.Module<Tensor, Tensor> Create1d(string normalization, int features) => normalization switch
    {
        Normalizations.Batch => nn.BatchNorm1d(features),
        Normalizations.Layer => nn.LayerNorm(features),
        Normalizations.None => nn.Identity(),
        _ => throw new ArgumentException($"unknown normalization '{normalization}' (none, batch, layer)"),
    };
}
