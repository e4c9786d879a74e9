using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Estimators;

/// <summary>Per-sample fields v_i, one evaluation per sample (affordable for small games and nets).</summary>
public static class PerSampleFields
{
    /// <summary>The fields v_1 … v_B stacked as rows [B, n].</summary>
    public static Tensor Compute(IGame game, GameBatch batch, bool createGraph)
    {
        var rows = new Tensor[batch.Size];
        for (int i = 0; i < batch.Size; i++)
            rows[i] = game.Evaluate(batch.Slice(i, 1), createGraph).Flat();
        return stack(rows, 0);
    }

    public static void RequireBatch(IFieldNormEstimator estimator, GameBatch batch)
    {
        if (batch.Size < estimator.MinimumBatchSize)
            throw new ArgumentException($"the '{estimator.Name}' estimator needs a batch of at least {estimator.MinimumBatchSize}; got {batch.Size}");
    }
}
