using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Optimizers;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// K steps of D's optimisation on one batch, unrolled as functions of θ (Metz et al. 2017, eq. 5): ψ₀ = ψ,
/// ψ_{k+1} = U(ψ_k, ∇ψ L_D(θ, ψ_k), state_k), where U is a functional optimizer step whose state (Adam's moments)
/// is carried along and differentiated through. The gradients are taken with create_graph, so ψ_K and the objectives
/// at ψ_K stay differentiable in θ. As in the authors' reference code, every step sees the same batch.
/// </summary>
public static class DiscriminatorUnroll
{
    /// <summary>The objectives at ψ_K, and ∇ψ L_D at ψ₀ (detached): the gradient of the unroll's first step.</summary>
    public static (GanObjectives Final, IReadOnlyList<Tensor> FirstGradient) Run(IUnrollableGame game, GameBatch batch, FunctionalOptimizer optimizer, int steps)
    {
        IReadOnlyList<Tensor> psi = game.Players[PlayerIndex.Discriminator].Parameters.Cast<Tensor>().ToList();
        IReadOnlyList<Tensor>? first = null;
        var generated = game.GeneratedSamples(batch);
        for (int k = 0; k < steps; k++)
        {
            var lossD = game.ObjectivesAt(batch, psi, generated).LossD;
            // Every ψ_k enters L_D (D's forward uses each weight and bias), so no gradient comes back unused; OrZeros
            // guards a network with a parameter that the loss does not reach.
            var grads = Vectors.OrZeros(autograd.grad([lossD], psi.ToList(), retain_graph: true, create_graph: true, allow_unused: true), psi);
            first ??= grads.Select(g => g.detach()).ToList();
            psi = optimizer.Step(psi, grads);
        }
        return (game.ObjectivesAt(batch, psi, generated), first ?? throw new ArgumentOutOfRangeException(nameof(steps), "at least one unrolled step"));
    }
}
