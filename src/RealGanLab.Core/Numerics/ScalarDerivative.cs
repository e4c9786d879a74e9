using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Numerics;

/// <summary>Derivatives of scalar functions by autograd in float64 (used to derive rest points and closed-form Jacobians).</summary>
public static class ScalarDerivative
{
    /// <summary>The <paramref name="order"/>-th derivative of f at a point (0th = the value).</summary>
    public static double At(Func<Tensor, Tensor> f, double at, int order)
    {
        using var scope = NewDisposeScope();
        var x = tensor(at, dtype: float64).requires_grad_(true);
        var y = f(x);
        for (int k = 0; k < order; k++)
        {
            if (!y.requires_grad) return 0.0;
            var g = torch.autograd.grad([y], [x], retain_graph: true, create_graph: true, allow_unused: true)[0];
            if (g is null || g.IsInvalid) return 0.0;
            y = g;
        }
        return y.item<double>();
    }
}
