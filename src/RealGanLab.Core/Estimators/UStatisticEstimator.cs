using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Estimators;

/// <summary>
/// The U-statistic (1/(B(B−1))) Σ_{i≠j} v_i·v_j = (‖Σ v_i‖² − Σ‖v_i‖²)/(B(B−1)) from per-sample fields:
/// unbiased, and the minimum-variance unbiased estimator built from the same B samples (Hoeffding 1948).
/// </summary>
public sealed class UStatisticEstimator : IFieldNormEstimator
{
    public string Name => "ustat";
    public bool Unbiased => true;
    public bool SingleSamples => true;
    public int MinimumBatchSize => 2;

    public Tensor SquaredNorm(IGame game, GameBatch batch, Tensor meanField, bool createGraph)
    {
        PerSampleFields.RequireBatch(this, batch);
        var fields = PerSampleFields.Compute(game, batch, createGraph);
        var sum = fields.sum(dim: 0);
        double b = batch.Size;
        return sum.dot(sum).sub(fields.square().sum()).div(b * (b - 1));
    }
}
