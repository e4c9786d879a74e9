using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Estimators;

/// <summary>
/// An estimator of ‖E_ξ v_ξ‖², the quantity consensus optimization needs, from one minibatch (docs/design.md §1,
/// "the minibatch estimator of ‖v‖²"). With <c>createGraph</c> the estimate stays differentiable so that
/// consensus can take its gradient.
/// </summary>
public interface IFieldNormEstimator
{
    /// <summary>Registry name: batch, per_sample, split, ustat.</summary>
    string Name { get; }

    /// <summary>True when E[estimate] = ‖E v‖².</summary>
    bool Unbiased { get; }

    /// <summary>Smallest batch the estimator works with.</summary>
    int MinimumBatchSize { get; }

    /// <summary>True when it evaluates v on every sample alone (per_sample, ustat): games that judge groups of samples cannot take it.</summary>
    bool SingleSamples => false;

    /// <summary>Sub-batches it evaluates v on (split: 2 halves); each must hold whole groups of samples.</summary>
    int Parts => 1;

    /// <param name="meanField">v̄, the field of the whole batch (flat), already computed by the caller.</param>
    Tensor SquaredNorm(IGame game, GameBatch batch, Tensor meanField, bool createGraph);
}
