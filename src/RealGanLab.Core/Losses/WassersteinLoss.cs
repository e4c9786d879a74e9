using static TorchSharp.torch;

namespace RealGanLab.Losses;

/// <summary>Wasserstein GAN loss (Arjovsky et al. 2017, eq. 3): f1(t) = t, f2(t) = −t, f3(t) = t.</summary>
public sealed class WassersteinLoss : ILossFamily
{
    public string Name => "wasserstein";
    public bool OutputIsLogit => false;
    public Tensor RealPayoff(Tensor d) => d.alias();
    public Tensor FakePayoff(Tensor d) => d.neg();
    public Tensor GeneratorPayoff(Tensor d) => d.alias();
}
