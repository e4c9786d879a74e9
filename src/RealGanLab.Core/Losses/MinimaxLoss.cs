using static TorchSharp.torch;

namespace RealGanLab.Losses;

/// <summary>
/// The original (saturating) GAN loss, Goodfellow et al. 2014, eq. 1, on logits t:
/// f1(t) = log σ(t), f2(t) = log(1 − σ(t)), f3 = −f2 (G minimises log(1 − D(G(z)))).
/// With f(t) = −log(1 + e^{−t}): f1(t) = f(t), f2(t) = f(−t) (Mescheder et al. 2018, eq. 1).
/// </summary>
public sealed class MinimaxLoss : ILossFamily
{
    public string Name => "minimax";
    public bool OutputIsLogit => true;
    public Tensor RealPayoff(Tensor d) => nn.functional.softplus(d.neg()).neg();
    public Tensor FakePayoff(Tensor d) => nn.functional.softplus(d).neg();
    public Tensor GeneratorPayoff(Tensor d) => nn.functional.softplus(d);
}
