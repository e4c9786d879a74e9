using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// The cos–sin field v(θ, φ) = (cos φ, sin θ) of the inference.vc essay on consensus optimization, from the
/// player losses L_G = −θ cos φ and L_D = −φ sin θ. Equilibria at θ = kπ, φ = π/2 + lπ: centres (±i) where
/// cos θ · sin φ &gt; 0 and saddles (±1) where it is &lt; 0. Consensus v − γ∇½‖v‖² turns both into attractors
/// and, as γ grows, adds spurious ones where v ≠ 0.
/// </summary>
public sealed class CosSinGame(Device device, ScalarType dtype) : ScalarPairGame("cos-sin", 1.0, 1.0, device, dtype)
{
    public override string Title => "cos–sin field v = (cos φ, sin θ)";

    public override IReadOnlyList<double[]> Equilibria { get; } =
        (from k in Enumerable.Range(-3, 7) from l in Enumerable.Range(-3, 7)
         select new[] { k * Math.PI, Math.PI / 2 + l * Math.PI }).ToList();

    public override double[] DefaultStart => [0.5, 1.0];
    public override IReadOnlyList<string> CoordinateNames => ["θ (generator)", "φ (discriminator)"];

    protected override (Tensor LossG, Tensor LossD) Losses(Tensor theta, Tensor phi) =>
        (theta.mul(phi.cos()).neg(), phi.mul(theta.sin()).neg());
}
