using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Estimators;

/// <summary>
/// The mean of per-sample squared norms (1/B) Σ‖v_i‖². Biased by Jensen: E = ‖E v‖² + tr Cov(v_ξ).
/// </summary>
public sealed class PerSampleEstimator : IFieldNormEstimator
{
    public string Name => "per_sample";
    public bool Unbiased => false;
    public bool SingleSamples => true;
    public int MinimumBatchSize => 1;

    public Tensor SquaredNorm(IGame game, GameBatch batch, Tensor meanField, bool createGraph) =>
        PerSampleFields.Compute(game, batch, createGraph).square().sum(1).mean();
}
