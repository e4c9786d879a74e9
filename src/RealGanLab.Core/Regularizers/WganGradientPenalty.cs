using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>
/// WGAN-GP (Gulrajani et al. 2017, Algorithm 1): λ E(‖∇_x D(x̂)‖ − 1)² on D at random interpolates
/// x̂ = εx + (1 − ε)G(z), ε ~ U[0, 1]. Two-sided, centred at 1.
/// </summary>
public sealed class WganGradientPenalty(double lambda) : IRegularizer
{
    public string Name => "wganGp";
    public int Target => PlayerIndex.Discriminator;
    public double Weight => lambda;
    public bool NeedsMix => true;

    public Tensor Term(PenaltyContext c)
    {
        var interpolates = InputGradient.Interpolate(c.RealInput, c.FakeInput, c.Batch.Mix!);
        return InputGradient.UnitNormPenalty(c.Discriminator, interpolates, c.Group);
    }
}
