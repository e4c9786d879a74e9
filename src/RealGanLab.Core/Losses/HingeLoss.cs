using static TorchSharp.torch;

namespace RealGanLab.Losses;

/// <summary>
/// Hinge loss (Lim &amp; Ye 2017; Miyato et al. 2018, eq. 16): f1(t) = −max(0, 1 − t),
/// f2(t) = −max(0, 1 + t), f3(t) = t.
/// </summary>
public sealed class HingeLoss : ILossFamily
{
    public string Name => "hinge";
    public bool OutputIsLogit => false;
    public Tensor RealPayoff(Tensor d) => nn.functional.relu(d.neg().add(1.0)).neg();
    public Tensor FakePayoff(Tensor d) => nn.functional.relu(d.add(1.0)).neg();
    public Tensor GeneratorPayoff(Tensor d) => d.alias();
}
