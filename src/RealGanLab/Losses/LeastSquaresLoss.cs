using static TorchSharp.torch;

namespace RealGanLab.Losses;

/// <summary>
/// Least-squares GAN (Mao et al. 2017, eq. 9 with a = 0, b = c = 1): f1(t) = −(t − 1)², f2(t) = −t²,
/// f3(t) = −(t − 1)².
/// </summary>
public sealed class LeastSquaresLoss : ILossFamily
{
    public string Name => "least-squares";
    public bool OutputIsLogit => false;
    public Tensor RealPayoff(Tensor d) => d.sub(1.0).square().neg();
    public Tensor FakePayoff(Tensor d) => d.square().neg();
    public Tensor GeneratorPayoff(Tensor d) => d.sub(1.0).square().neg();
}
