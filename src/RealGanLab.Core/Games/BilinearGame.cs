using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// The bilinear game V(x, y) = x·y (Goodfellow's NIPS 2016 tutorial slides): G minimises V, D maximises it.
/// v = (−y, x), J = [[0, −1], [1, 0]], eigenvalues ±i: circles in continuous time, simultaneous GD spirals out.
/// </summary>
public sealed class BilinearGame(Device device, ScalarType dtype) : ScalarPairGame("bilinear", 1.0, 1.0, device, dtype)
{
    public override string Title => "bilinear game V(x, y) = x·y";
    public override IReadOnlyList<double[]> Equilibria => [[0.0, 0.0]];
    public override double[] DefaultStart => [1.0, 1.0];
    public override IReadOnlyList<string> CoordinateNames => ["x (generator)", "y (discriminator)"];

    protected override (Tensor LossG, Tensor LossD) Losses(Tensor x, Tensor y)
    {
        var value = x.mul(y);
        return (value, value.neg());
    }
}
