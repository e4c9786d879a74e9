using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Networks;

/// <summary>
/// Spectral normalization of one linear or convolutional layer (Miyato, Kataoka, Koyama, Yoshida 2018, "Spectral
/// Normalization for Generative Adversarial Networks", §2.1 and Algorithm 1): the layer runs with W / σ(W), where σ(W),
/// the largest singular value of the weight read as a matrix, is estimated as σ = uᵀ W v from vectors u and v that one
/// step of power iteration refines per training step. As in PyTorch's <c>torch.nn.utils.spectral_norm</c>:
/// <list type="bullet">
/// <item>the matrix is the weight with the output dimension first, the rest flattened: Linear out×in, Conv2d
/// out×(in·kh·kw), and ConvTranspose2d — whose weight is in×out×kh×kw — its transposed reshape, out×(in·kh·kw) (dim = 1);</item>
/// <item>u and v are buffers, not parameters: they are in the state_dict (so in checkpoints) and carry no gradient. A
/// forward pass holds them fixed, so the gradient of W / (uᵀ W v) flows through W in the numerator and in σ, exactly
/// the gradient the paper's Appendix A derives for fixed u, v;</item>
/// <item>the forward pass never advances the power iteration (PyTorch does so on every forward in training mode): a
/// training step evaluates D several times, and the paper takes one iteration per update, so the trainer calls
/// <see cref="PowerIteration"/> once per step.</item>
/// </list>
/// u starts as a normalised draw from N(0, I) of the given (seeded) generator, and v as Wᵀu / ‖Wᵀu‖, the v Algorithm 1
/// computes from that u, so the first σ = ‖Wᵀu‖ is positive. The wrapped layer keeps its own initialisation.
/// </summary>
public sealed class SpectralNormalization : nn.Module<Tensor, Tensor>
{
    /// <summary>
    /// What a probe of a spectrally normalised game holds fixed: it differentiates the forward pass, in which σ = uᵀ W v
    /// uses the stored u, v as constants (their dependence on W through the power iteration is not differentiated).
    /// </summary>
    public const string ProbeNote = "spectral norm: u, v held fixed";

    /// <summary>PyTorch's ε in the normalisation x / max(‖x‖, ε) of the power iteration.</summary>
    const double Epsilon = 1e-12;

    readonly nn.Module<Tensor, Tensor> layer;
    readonly bool transposed;
    // Buffers (registered by RegisterComponents, hence state_dict keys "u" and "v"). Not readonly: Module.to() replaces
    // a buffer by its converted copy and writes the new tensor into the field of the same name.
    Tensor u;
    Tensor v;

    /// <summary>Wraps <paramref name="layer"/> (Linear, Conv2d or ConvTranspose2d); u is drawn from <paramref name="generator"/>.</summary>
    public SpectralNormalization(nn.Module<Tensor, Tensor> layer, Generator generator) : base("spectral_norm")
    {
        this.layer = layer;
        transposed = layer switch
        {
            Linear => false,
            Convolution { padding_type: null } conv when conv.groups == 1 && conv.padding_mode == PaddingModes.Zeros => conv.transposed,
            _ => throw new ArgumentException($"spectral normalization supports Linear and ungrouped, zero-padded convolutions; got {layer.GetType().Name}"),
        };
        var weight = Weight;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var matrix = Matrix(weight);
            u = Normalised(randn([matrix.shape[0]], dtype: weight.dtype, device: weight.device, generator: generator)).MoveToOuterDisposeScope();
            v = Normalised(matrix.t().mv(u)).MoveToOuterDisposeScope();
        }
        RegisterComponents();
    }

    /// <summary>The wrapped layer (its weight and bias are the parameters; their order is the layer's).</summary>
    public nn.Module<Tensor, Tensor> Layer => layer;

    /// <summary>The current left singular vector estimate (a buffer; the live tensor).</summary>
    public Tensor U => u;

    /// <summary>The current right singular vector estimate (a buffer; the live tensor).</summary>
    public Tensor V => v;

    /// <summary>The unnormalised weight W (the layer's parameter).</summary>
    public Tensor Weight => layer switch
    {
        Linear linear => linear.weight!,
        Convolution conv => conv.weight!,
        _ => throw new InvalidOperationException("unreachable"),
    };

    Tensor? Bias => layer switch
    {
        Linear linear => linear.bias,
        Convolution conv => conv.bias,
        _ => null,
    };

    /// <summary>
    /// <paramref name="weight"/> read as the matrix whose spectral norm is normalised: output dimension first (for a
    /// transposed convolution, the weight's dimension 1), everything else flattened.
    /// </summary>
    public Tensor Matrix(Tensor weight) =>
        transposed ? weight.transpose(0, 1).reshape(weight.shape[1], -1) : weight.reshape(weight.shape[0], -1);

    /// <summary>σ = uᵀ W v with the stored u, v held fixed (they carry no gradient); differentiable in <paramref name="weight"/>.</summary>
    public Tensor Sigma(Tensor weight) => u.dot(Matrix(weight).mv(v));

    /// <summary>W / σ(W) with the stored u, v held fixed.</summary>
    public Tensor Normalize(Tensor weight) => weight.div(Sigma(weight));

    /// <summary>
    /// v ← Wᵀu / ‖Wᵀu‖ for the current weight, u kept: after the weight was replaced (an initialisation applied after
    /// construction), σ = uᵀWv is again the positive estimate the construction makes.
    /// </summary>
    public void RealignV()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        v.copy_(Normalised(Matrix(Weight).t().mv(u)));
    }

    /// <summary>
    /// One step of Algorithm 1 on the current weight: v ← Wᵀu / ‖Wᵀu‖, then u ← W v / ‖W v‖, written into the
    /// buffers in place (so state_dict and checkpoints see them). Without gradient tracking.
    /// </summary>
    public void PowerIteration()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var matrix = Matrix(Weight);
        var nextV = Normalised(matrix.t().mv(u));
        var nextU = Normalised(matrix.mv(nextV));
        v.copy_(nextV);
        u.copy_(nextU);
    }

    public override Tensor forward(Tensor x) => Apply(x, Normalize(Weight), Bias);

    /// <summary>The wrapped layer's operation with <paramref name="weight"/> and <paramref name="bias"/> in place of its own.</summary>
    public Tensor Apply(Tensor x, Tensor weight, Tensor? bias) => layer switch
    {
        Linear => nn.functional.linear(x, weight, bias),
        Convolution { transposed: true } c => nn.functional.conv_transpose2d(x, weight, bias, c.stride, c.padding, c.output_padding, c.dilation, c.groups),
        Convolution c => nn.functional.conv2d(x, weight, bias, c.stride, c.padding, c.dilation, c.groups),
        _ => throw new InvalidOperationException("unreachable"),
    };

    static Tensor Normalised(Tensor x) => nn.functional.normalize(x, p: 2, dim: 0, eps: Epsilon);

    /// <summary>
    /// <paramref name="layer"/> wrapped in spectral normalization when <paramref name="generator"/> is given (it draws
    /// each layer's u), the layer itself when it is null.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Wrap(nn.Module<Tensor, Tensor> layer, Generator? generator) =>
        generator is null ? layer : new SpectralNormalization(layer, generator);

    /// <summary>Every spectrally normalised layer of <paramref name="module"/>, in module order.</summary>
    public static IReadOnlyList<SpectralNormalization> In(nn.Module module) =>
        module.modules().OfType<SpectralNormalization>().ToList();
}
