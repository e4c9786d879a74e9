using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>Per-sample ‖∇_x D(x)‖², kept differentiable (create_graph) so the penalty enters the field.</summary>
public static class InputGradient
{
    /// <summary>
    /// Squared norm of D's input gradient for each sample [B]. Inputs that depend on θ (generated
    /// samples) keep that dependence, so ∂v_ψ/∂θ of the penalised field is right; inputs without a
    /// graph (real data) become leaves.
    /// </summary>
    /// <param name="group">Samples per D input (packing): the norm is taken over each group's concatenated gradient [B/group].</param>
    public static Tensor SquaredNorm(Func<Tensor, Tensor> discriminator, Tensor x, int group = 1)
    {
        long rows = x.shape[0] / group;
        var input = x.requires_grad ? x : x.detach().requires_grad_(true);
        var output = discriminator(input);
        if (!output.requires_grad) return zeros(rows, dtype: x.dtype, device: x.device);
        var grads = torch.autograd.grad([output.sum()], [input], retain_graph: true, create_graph: true, allow_unused: true);
        var g = grads[0];
        if (g is null || g.IsInvalid) return zeros(rows, dtype: x.dtype, device: x.device);
        return g.square().reshape(rows, -1).sum(1);
    }

    /// <summary>
    /// The two-sided penalty E(‖∇_x D(x̂)‖ − 1)² at <paramref name="points"/> (WGAN-GP, DRAGAN), the norm per group of
    /// <paramref name="group"/> samples. sqrt has an infinite derivative at 0: the norm is kept away from it (D with zero
    /// input gradient).
    /// </summary>
    public static Tensor UnitNormPenalty(Func<Tensor, Tensor> discriminator, Tensor points, int group = 1) =>
        SquaredNorm(discriminator, points, group).add(1e-12).sqrt().sub(1.0).square().mean();

    /// <summary>Interpolates x̂ = m·real + (1 − m)·fake with per-sample weights m from the batch.</summary>
    public static Tensor Interpolate(Tensor real, Tensor fake, Tensor mix)
    {
        var m = mix.reshape(new long[] { mix.shape[0] }.Concat(Enumerable.Repeat(1L, (int)real.dim() - 1)).ToArray());
        return real.mul(m).add(fake.mul(m.neg().add(1.0)));
    }
}
