using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Estimators;

/// <summary>
/// v̄_A · v̄_B from two independent half-batches: unbiased, since E[v̄_A·v̄_B] = E v̄_A · E v̄_B = ‖E v‖²
/// (the seed essay's proposal). An odd last sample is left out.
/// </summary>
public sealed class SplitBatchEstimator : IFieldNormEstimator
{
    public string Name => "split";
    public bool Unbiased => true;
    public int MinimumBatchSize => 2;
    public int Parts => 2;

    public Tensor SquaredNorm(IGame game, GameBatch batch, Tensor meanField, bool createGraph)
    {
        PerSampleFields.RequireBatch(this, batch);
        int half = batch.Size / 2;
        var a = game.Evaluate(batch.Slice(0, half), createGraph).Flat();
        var b = game.Evaluate(batch.Slice(half, half), createGraph).Flat();
        return a.dot(b);
    }
}
