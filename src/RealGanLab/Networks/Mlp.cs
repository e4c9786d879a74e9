using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>
/// A multilayer perceptron: [Linear → (Norm) → activation] × hidden layers → Linear. Besides the usual forward,
/// <see cref="Functional"/> runs the same network on parameters passed in, which is what unrolling a player's
/// optimisation with gradients through the unroll needs (Metz et al. 2017, eq. 6–7): the unrolled parameters
/// are tensors computed from the current ones, not this module's Parameters.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<nn.Module<Tensor, Tensor>> blocks = new();
    readonly Func<Tensor, Tensor> activation;
    readonly string normalization;

    public Mlp(string name, int inputs, int outputs, int hiddenLayers, int width, string activation, string normalization) : base(name)
    {
        this.activation = Activations.Get(activation);
        this.normalization = normalization;
        int fanIn = inputs;
        for (int i = 0; i < hiddenLayers; i++)
        {
            blocks.Add(nn.Linear(fanIn, width));
            if (normalization == Normalizations.Batch) blocks.Add(nn.BatchNorm1d(width));
            else if (normalization == Normalizations.Layer) blocks.Add(nn.LayerNorm(width));
            fanIn = width;
        }
        blocks.Add(nn.Linear(fanIn, outputs));
        Inputs = inputs;
        RegisterComponents();
    }

    public int Inputs { get; }

    /// <summary>BatchNorm keeps running statistics (buffers): it has no functional forward here.</summary>
    public bool SupportsFunctional => normalization != Normalizations.Batch;

    public override Tensor forward(Tensor x)
    {
        for (int i = 0; i < blocks.Count; i++)
        {
            x = blocks[i].call(x);
            // Activation after the normalization of a hidden layer (or after its Linear when there is none).
            if (i < blocks.Count - 1 && !(blocks[i] is Linear && blocks[i + 1] is not Linear)) x = activation(x);
        }
        return x;
    }

    /// <summary>The forward pass with <paramref name="parameters"/> (same order and shapes as parameters()) in place of this module's.</summary>
    public Tensor Functional(Tensor x, IReadOnlyList<Tensor> parameters)
    {
        if (!SupportsFunctional) throw new InvalidOperationException("an MLP with BatchNorm has no functional forward");
        int p = 0;
        for (int i = 0; i < blocks.Count; i++)
        {
            var weight = parameters[p++];
            var bias = parameters[p++];
            x = blocks[i] switch
            {
                Linear => nn.functional.linear(x, weight, bias),
                LayerNorm norm => nn.functional.layer_norm(x, [weight.shape[0]], weight, bias, 1e-5),
                _ => throw new InvalidOperationException($"no functional form for {blocks[i].GetType().Name}"),
            };
            if (i < blocks.Count - 1 && !(blocks[i] is Linear && blocks[i + 1] is not Linear)) x = activation(x);
        }
        if (p != parameters.Count) throw new ArgumentException($"{parameters.Count} parameters given, the network has {p}");
        return x;
    }
}
