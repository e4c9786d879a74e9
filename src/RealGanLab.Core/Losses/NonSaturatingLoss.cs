using static TorchSharp.torch;

namespace RealGanLab.Losses;

/// <summary>
/// Non-saturating GAN loss (Goodfellow et al. 2014, §3): D as in minimax, G maximises log D(G(z)),
/// f3(t) = log σ(t).
/// </summary>
public sealed class NonSaturatingLoss : ILossFamily
{
    public string Name => "non-saturating";
    public bool OutputIsLogit => true;
    public Tensor RealPayoff(Tensor d) => nn.functional.softplus(d.neg()).neg();
    public Tensor FakePayoff(Tensor d) => nn.functional.softplus(d).neg();
    public Tensor GeneratorPayoff(Tensor d) => nn.functional.softplus(d.neg()).neg();
}
