using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>
/// Zero-centred gradient penalty (Thanh-Tung, Tran, Venkatesh 2019, eq. 9, "0-GP"): λ E‖∇_x D(x̂)‖² on D at
/// random interpolates x̂ = εx + (1 − ε)G(z).
/// </summary>
public sealed class ZeroCenteredGradientPenalty(double lambda) : IRegularizer
{
    public string Name => "zeroGp";
    public int Target => PlayerIndex.Discriminator;
    public double Weight => lambda;
    public bool NeedsMix => true;

    public Tensor Term(PenaltyContext c)
    {
        var interpolates = InputGradient.Interpolate(c.RealInput, c.FakeInput, c.Batch.Mix!);
        return InputGradient.SquaredNorm(c.Discriminator, interpolates, c.Group).mean();
    }
}
