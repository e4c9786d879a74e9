using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>
/// R2 (Mescheder, Geiger, Nowozin 2018, eq. 10): (γ/2) E_{p_θ}‖∇_x D(x)‖² on D at the generated samples (before
/// any instance noise), keeping their dependence on θ so that ∂v_ψ/∂θ of the penalised field is right.
/// </summary>
public sealed class R2Penalty(double gamma) : IRegularizer
{
    public string Name => "r2";
    public int Target => PlayerIndex.Discriminator;
    public double Weight => gamma;
    public bool NeedsMix => false;
    public Tensor Term(PenaltyContext c) => InputGradient.SquaredNorm(c.Discriminator, c.Generated, c.Group).mean().mul(0.5);
}
