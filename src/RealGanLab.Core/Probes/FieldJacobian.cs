using RealGanLab.Numerics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// The Jacobian J = ∂F/∂x of a flat field F at the current parameters, available as products.
/// The graph of F and of g(w) = Jᵀw are built once at construction and reused by every product
/// (docs/torchsharp-notes.md: the first J·u costs ~10× the later ones). Nothing here writes to the parameters or
/// their .grad. Create it inside a dispose scope; the graph lives until that scope ends. Never change the
/// parameters while it is in use: libtorch then fails inside autograd, which aborts the process.
/// </summary>
public sealed class FieldJacobian
{
    readonly IReadOnlyList<Parameter> parameters;
    readonly Tensor value;
    readonly Tensor w;
    readonly Tensor transposeProduct;

    /// <param name="field">Builds F(x) with its graph (create_graph), e.g. a rule's effective field.</param>
    public FieldJacobian(Func<Tensor> field, IReadOnlyList<Parameter> parameters)
    {
        this.parameters = parameters;
        this.value = field();
        Size = this.value.numel();
        w = zeros_like(this.value).requires_grad_(true);
        transposeProduct = Autodiff.Vjp(this.value, parameters, w, createGraph: true);
    }

    /// <summary>n, the length of x and of F.</summary>
    public long Size { get; }

    /// <summary>Number of J·u and Jᵀu products computed so far.</summary>
    public int Products { get; private set; }

    public ScalarType Dtype => value.dtype;

    public Device Device => value.device;

    /// <summary>J·u (double VJP through the stored Jᵀw graph).</summary>
    public Tensor Jvp(Tensor u)
    {
        Products++;
        return Autodiff.JvpFromTransposeGraph(transposeProduct, w, u.to(value.dtype, value.device), createGraph: false).detach();
    }

    /// <summary>Jᵀ·u (one VJP).</summary>
    public Tensor Vjp(Tensor u)
    {
        Products++;
        return Autodiff.Vjp(value, parameters, u.to(value.dtype, value.device), createGraph: false).detach();
    }

    /// <summary>The dense n×n Jacobian, row i being (Jᵀeᵢ)ᵀ: n VJPs. For small games.</summary>
    public Tensor Dense()
    {
        var rows = new Tensor[Size];
        for (long i = 0; i < Size; i++)
        {
            using var scope = NewDisposeScope();
            var e = zeros(Size, dtype: value.dtype, device: value.device);
            e[i] = 1.0;
            rows[i] = Vjp(e).MoveToOuterDisposeScope();
        }
        return stack(rows, 0);
    }
}
