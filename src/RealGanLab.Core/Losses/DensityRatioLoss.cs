using static TorchSharp.torch;

namespace RealGanLab.Losses;

/// <summary>
/// The Habr essay's "new GAN" (docs/design.md §2; its minus signs restored): f1(t) = −t²/2, f2(t) = t,
/// f3(t) = −t. D's optimum is the density ratio p_g/p_d, so its rest point is D0 = 1, and
/// ½(D − 1)² + ½(p_g − p_d)² is a Lyapunov function of the point-wise field: globally stable.
/// </summary>
public sealed class DensityRatioLoss : ILossFamily
{
    public string Name => "density-ratio";
    public bool OutputIsLogit => false;
    public Tensor RealPayoff(Tensor d) => d.square().mul(-0.5);
    public Tensor FakePayoff(Tensor d) => d.alias();
    public Tensor GeneratorPayoff(Tensor d) => d.neg();
}
