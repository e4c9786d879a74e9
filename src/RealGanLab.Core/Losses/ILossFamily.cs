using static TorchSharp.torch;

namespace RealGanLab.Losses;

/// <summary>
/// How D's raw output becomes each player's loss, in the (f1, f2, f3) form of the point-wise analysis
/// (docs/design.md §2, §3): D maximises E f1(D(x_real)) + E f2(D(G(z))), G maximises E f3(D(G(z))).
/// So L_D = −E f1(D(x)) − E f2(D(G(z))) and L_G = −E f3(D(G(z))). Same signature for every family.
/// </summary>
public interface ILossFamily
{
    /// <summary>Registry name.</summary>
    string Name { get; }

    /// <summary>f1: D's payoff on real samples, element-wise on D's raw output.</summary>
    Tensor RealPayoff(Tensor d);

    /// <summary>f2: D's payoff on generated samples.</summary>
    Tensor FakePayoff(Tensor d);

    /// <summary>f3: G's payoff on generated samples.</summary>
    Tensor GeneratorPayoff(Tensor d);

    /// <summary>True when D's raw output is the logit of a probability (D = sigmoid(output)).</summary>
    bool OutputIsLogit { get; }
}
