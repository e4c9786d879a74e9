using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Numerics;

/// <summary>
/// Reverse-mode products of a flat vector field F(x) over the parameters. TorchSharp has no forward mode,
/// so J·u uses the double-VJP trick (docs/torchsharp-notes.md). Every call keeps the graph (retain_graph) because an
/// autograd error on a freed graph aborts the process; the graph is released with the dispose scope.
/// </summary>
public static class Autodiff
{
    /// <summary>∇ of a scalar over the parameters, flat; zeros where it does not depend on them.</summary>
    public static Tensor Gradient(Tensor scalar, IReadOnlyList<Parameter> parameters, bool createGraph)
    {
        var inputs = parameters.Cast<Tensor>().ToList();
        if (!scalar.requires_grad) return Vectors.Flatten(inputs.Select(p => zeros_like(p)));
        var grads = torch.autograd.grad([scalar], inputs, retain_graph: true, create_graph: createGraph, allow_unused: true);
        return Vectors.Flatten(Vectors.OrZeros(grads, inputs));
    }

    /// <summary>Jᵀu by one vector–Jacobian product.</summary>
    public static Tensor Vjp(Tensor field, IReadOnlyList<Parameter> parameters, Tensor u, bool createGraph)
    {
        var inputs = parameters.Cast<Tensor>().ToList();
        if (!field.requires_grad) return Vectors.Flatten(inputs.Select(p => zeros_like(p)));
        var grads = torch.autograd.grad([field], inputs, [u], retain_graph: true, create_graph: createGraph, allow_unused: true);
        return Vectors.Flatten(Vectors.OrZeros(grads, inputs));
    }

    /// <summary>
    /// J·u by double VJP: g(w) = Jᵀw is linear in w, so ∂(g(w)·u)/∂w = J·u. Builds the Jᵀw graph for one
    /// product; <see cref="Probes.FieldJacobian"/> builds it once and reuses it for many u.
    /// </summary>
    public static Tensor Jvp(Tensor field, IReadOnlyList<Parameter> parameters, Tensor u, bool createGraph)
    {
        var w = zeros_like(field).requires_grad_(true);
        var g = Vjp(field, parameters, w, createGraph: true);
        return JvpFromTransposeGraph(g, w, u, createGraph);
    }

    /// <summary>J·u from an existing graph g = Jᵀw.</summary>
    public static Tensor JvpFromTransposeGraph(Tensor g, Tensor w, Tensor u, bool createGraph)
    {
        if (!g.requires_grad) return zeros_like(w);
        var r = torch.autograd.grad([g], [w], [u], retain_graph: true, create_graph: createGraph, allow_unused: true)[0];
        return r is null || r.IsInvalid ? zeros_like(w) : r;
    }
}
