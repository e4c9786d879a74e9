using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>
/// R1 (Mescheder, Geiger, Nowozin 2018, eq. 9): (γ/2) E_{p_D}‖∇_x D(x)‖² on D at real samples.
/// On the Dirac-GAN it moves the eigenvalues ±i f′(0) to −γ/2 ± √(γ²/4 − f′(0)²). Taken at the clean data
/// samples, as in the paper, also when instance noise perturbs D's inputs.
/// </summary>
public sealed class R1Penalty(double gamma) : IRegularizer
{
    public string Name => "r1";
    public int Target => PlayerIndex.Discriminator;
    public double Weight => gamma;
    public bool NeedsMix => false;
    public Tensor Term(PenaltyContext c) => InputGradient.SquaredNorm(c.Discriminator, c.Batch.Real!, c.Group).mean().mul(0.5);
}
