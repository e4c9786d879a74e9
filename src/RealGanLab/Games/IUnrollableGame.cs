using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>A GAN whose discriminator can be run on parameters other than its own, so that G can look ahead through D's updates.</summary>
public interface IUnrollableGame : IGame
{
    /// <summary>
    /// L_G(θ, ψ_K(θ)): the generator's loss against the discriminator after K gradient-descent steps on L_D from
    /// the current ψ, on the same batch, with the graph through the unroll kept (Metz et al. 2017, eq. 6–7).
    /// </summary>
    Tensor UnrolledGeneratorLoss(GameBatch batch, int steps, double learningRate);
}
