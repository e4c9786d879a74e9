using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Optimizers;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// K steps of D's optimisation on one batch, unrolled as functions of θ (Metz et al. 2017, eq. 5): ψ₀ = ψ,
/// ψ_{k+1} = U(ψ_k, ∇ψ L_D(θ, ψ_k), state_k), where U is a functional optimizer step whose state (Adam's moments)
/// is carried along and differentiated through. The gradients are taken with create_graph, so ψ_K and the objectives
/// at ψ_K stay differentiable in θ. As in the authors' reference code, every step sees the same batch. ψ is carried as
/// one flat vector and D runs on views of it, so each step's gradient and optimizer update are single tensors.
/// </summary>
public static class DiscriminatorUnroll
{
    /// <summary>The objectives at ψ_K, and ∇ψ L_D at ψ₀ (detached, one tensor per D parameter): the gradient of the unroll's first step.</summary>
    public static (GanObjectives Final, IReadOnlyList<Tensor> FirstGradient) Run(IUnrollableGame game, GameBatch batch, FunctionalOptimizer optimizer, int steps)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), "at least one unrolled step");
        var parameters = game.Players[PlayerIndex.Discriminator].Parameters.Cast<Tensor>().ToList();
        // ψ₀ = the parameters concatenated: a function of them, so the first step's gradient is taken at D's own values.
        var psi = Vectors.Flatten(parameters);
        Tensor? first = null;
        var generated = game.GeneratedSamples(batch);
        for (int k = 0; k < steps; k++)
        {
            var lossD = game.ObjectivesAt(batch, Vectors.Unflatten(psi, parameters), generated).LossD;
            // Every coordinate of ψ_k reaches L_D through D's forward; allow_unused only keeps a network that breaks this
            // from aborting the process (an error inside autograd.grad cannot be caught).
            var gradient = Vectors.OrZeros(autograd.grad([lossD], [psi], retain_graph: true, create_graph: true, allow_unused: true), [psi])[0];
            first ??= gradient.detach();
            psi = optimizer.Step(psi, gradient);
        }
        return (game.ObjectivesAt(batch, Vectors.Unflatten(psi, parameters), generated), Vectors.Unflatten(first!, parameters));
    }
}
