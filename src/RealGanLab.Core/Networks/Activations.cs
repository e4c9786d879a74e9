using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>Hidden-layer activations by name, as functions so that the same code runs a module or a functional (unrolled) forward.</summary>
public static class Activations
{
    static readonly Registry<Func<Tensor, Tensor>> Registry = new("activation", new Dictionary<string, Func<Tensor, Tensor>>
    {
        ["relu"] = x => nn.functional.relu(x),
        // 0.2: the slope DCGAN and most GAN code use.
        ["leaky_relu"] = x => nn.functional.leaky_relu(x, 0.2),
        ["tanh"] = x => x.tanh(),
        ["elu"] = x => nn.functional.elu(x, 1.0),
        ["softplus"] = x => nn.functional.softplus(x),
    });

    public static IReadOnlyList<string> Names => Registry.Names;

    public static Func<Tensor, Tensor> Get(string name) => Registry[name];
}
