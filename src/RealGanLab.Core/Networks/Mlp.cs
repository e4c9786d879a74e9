using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>
/// A multilayer perceptron: [Linear → (Norm) → activation] × hidden layers → Linear. Besides the usual forward,
/// <see cref="Functional"/> runs the same network on parameters passed in, which is what unrolling a player's
/// optimisation with gradients through the unroll needs (Metz et al. 2017, eq. 6–7): the unrolled parameters
/// are tensors computed from the current ones, not this module's Parameters. With spectral normalization
/// (Miyato et al. 2018) every Linear runs with W / σ(W); the functional forward normalises the weights it is given
/// with the layers' stored u, v held fixed, as the ordinary forward does.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<nn.Module<Tensor, Tensor>> blocks = new();
    readonly Func<Tensor, Tensor> activation;
    readonly string normalization;

    /// <param name="spectralNorm">Draws each Linear's u for spectral normalization; null: plain Linear layers.</param>
    public Mlp(string name, int inputs, int outputs, int hiddenLayers, int width, string activation, string normalization,
        Generator? spectralNorm = null) : base(name)
    {
        this.activation = Activations.Get(activation);
        this.normalization = normalization;
        int fanIn = inputs;
        for (int i = 0; i < hiddenLayers; i++)
        {
            blocks.Add(SpectralNormalization.Wrap(nn.Linear(fanIn, width), spectralNorm));
            if (normalization == Normalizations.Batch) blocks.Add(nn.BatchNorm1d(width));
            else if (normalization == Normalizations.Layer) blocks.Add(nn.LayerNorm(width));
            fanIn = width;
        }
        blocks.Add(SpectralNormalization.Wrap(nn.Linear(fanIn, outputs), spectralNorm));
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
            if (ActivationAfter(i)) x = activation(x);
        }
        return x;
    }

    /// <summary>A hidden layer's activation follows its normalization, or its Linear when there is none.</summary>
    bool ActivationAfter(int i) => i < blocks.Count - 1 && !(IsLinear(blocks[i]) && !IsLinear(blocks[i + 1]));

    static bool IsLinear(nn.Module block) => block is Linear or SpectralNormalization;

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
                SpectralNormalization sn => sn.Apply(x, sn.Normalize(weight), bias),
                LayerNorm norm => nn.functional.layer_norm(x, [weight.shape[0]], weight, bias, 1e-5),
                _ => throw new InvalidOperationException($"no functional form for {blocks[i].GetType().Name}"),
            };
            if (ActivationAfter(i)) x = activation(x);
        }
        if (p != parameters.Count) throw new ArgumentException($"{parameters.Count} parameters given, the network has {p}");
        return x;
    }
}
