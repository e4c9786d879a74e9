using static TorchSharp.torch;

namespace RealGanLab.Losses;

/// <summary>
/// Least-squares GAN (Mao et al. 2017, eq. 9 with a = 0, b = c = 1, its ½ factors kept):
/// f1(t) = −½(t − 1)², f2(t) = −½t², f3(t) = −½(t − 1)².
/// </summary>
public sealed class LeastSquaresLoss : ILossFamily
{
    public string Name => "least-squares";
    public bool OutputIsLogit => false;
    public Tensor RealPayoff(Tensor d) => d.sub(1.0).square().mul(-0.5);
    public Tensor FakePayoff(Tensor d) => d.square().mul(-0.5);
    public Tensor GeneratorPayoff(Tensor d) => d.sub(1.0).square().mul(-0.5);
}
