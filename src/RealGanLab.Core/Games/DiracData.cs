using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// The Dirac-GAN's data: a point mass at <paramref name="mean"/>, or with <paramref name="std"/> &gt; 0 the
/// noisy variant N(mean, std²) that makes the game stochastic (for testing ‖v‖² estimators).
/// </summary>
public sealed class DiracData(double mean, double std) : IDataSource
{
    public int Dimension => 1;

    public Tensor Sample(int n, Generator generator, ScalarType dtype, Device device)
    {
        // Draw even when std = 0 so that the random stream does not depend on std.
        var noise = Numerics.Draws.Normal(generator, [n, 1], dtype, device);
        return noise.mul(std).add(mean);
    }
}
