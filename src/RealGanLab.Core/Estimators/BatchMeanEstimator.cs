using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Estimators;

/// <summary>
/// ‖v̄‖², the squared norm of the minibatch mean field, as in the original consensus code. Biased:
/// E‖v̄‖² = ‖E v‖² + tr Cov(v_ξ)/B.
/// </summary>
public sealed class BatchMeanEstimator : IFieldNormEstimator
{
    public string Name => "batch";
    public bool Unbiased => false;
    public int MinimumBatchSize => 1;

    public Tensor SquaredNorm(IGame game, GameBatch batch, Tensor meanField, bool createGraph) =>
        meanField.dot(meanField);
}
