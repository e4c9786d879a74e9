using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// A GAN whose discriminator can be run on parameters other than its own, so that G can look ahead through D's
/// updates (Metz et al. 2017, §2): the unroll computes ψ₁ … ψ_K as functions of θ and evaluates the objectives at ψ_K.
/// </summary>
public interface IUnrollableGame : IGame
{
    /// <summary>The objectives on <paramref name="batch"/> with D's parameters replaced by <paramref name="discriminatorParameters"/> (same order and shapes).</summary>
    /// <param name="generated">G(z) on the batch (<see cref="GeneratedSamples"/>), computed once for the whole unroll; null: computed here.</param>
    GanObjectives ObjectivesAt(GameBatch batch, IReadOnlyList<Tensor> discriminatorParameters, Tensor? generated = null);

    /// <summary>G(z) on the batch's generator inputs, with the graph to θ.</summary>
    Tensor GeneratedSamples(GameBatch batch);
}
