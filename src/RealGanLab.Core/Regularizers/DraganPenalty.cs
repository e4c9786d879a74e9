using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>
/// DRAGAN (Kodali, Abernethy, Hays, Kira 2017, "On Convergence and Stability of GANs", eq. 2): λ E(‖∇_x D(x̂)‖ − 1)² on D
/// at points x̂ around the real data rather than on the line to the generated samples (WGAN-GP). The points follow the
/// authors' reference code, not the paper's Gaussian δ: x_p = x + c·std(x)·u with u ~ U[0, 1] elementwise, std over the
/// whole real batch (population std, as numpy's; computed when the batch is drawn, so the per-sample and split estimators'
/// slices are penalised as inside the batch), c = 0.5; then x̂ = x + α(x_p − x) with α ~ U[0, 1] per sample.
/// λ = 10 there. Taken at the clean real samples, as R1, also when instance noise perturbs D's inputs.
/// On the Dirac-GAN (D(x) = ψx, so ∇_x D = ψ everywhere) the term is λ(|ψ| − 1)², the same as WGAN-GP's.
/// </summary>
public sealed class DraganPenalty(double lambda) : IRegularizer
{
    /// <summary>c, the perturbation's scale in units of the batch's standard deviation (0.5 in the reference code).</summary>
    public const double PerturbationScale = 0.5;

    public string Name => "dragan";
    public int Target => PlayerIndex.Discriminator;
    public double Weight => lambda;
    public bool NeedsMix => true;
    public bool NeedsPerturbation => true;

    public Tensor Term(PenaltyContext c)
    {
        var b = c.Batch;
        return InputGradient.UnitNormPenalty(c.Discriminator, PerturbedPoints(b.Real!, b.RealPerturbation!, b.Mix!, b.RealStd!), c.Group);
    }

    /// <summary>
    /// x̂ = x + α·c·σ·u: the points the penalty is taken at, from the batch's draws u [B, …] and α [B, 1] and σ, the
    /// population standard deviation of the whole batch's real samples (a slice of the batch keeps the batch's σ).
    /// </summary>
    public static Tensor PerturbedPoints(Tensor real, Tensor u, Tensor alpha, Tensor std)
    {
        var perturbed = real.add(u.mul(std.mul(PerturbationScale)));
        return InputGradient.Interpolate(perturbed, real, alpha);
    }
}
