using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// Mean and covariance of a feature set, in float64 on the CPU: what the Fréchet distance needs from each side
/// (Heusel et al. 2017), so the real data's statistics are computed once and reused for every evaluation.
/// The covariance is the unbiased one (divided by n − 1), as in the reference FID code (numpy.cov).
/// </summary>
public sealed class FeatureStatistics : IDisposable
{
    FeatureStatistics(Tensor mean, Tensor covariance, long count)
    {
        // Owned by this object (disposed in Dispose), not by whatever dispose scope was open at creation:
        // real-data statistics outlive the scope of the step that first computed them.
        Mean = mean.DetachFromDisposeScope();
        Covariance = covariance.DetachFromDisposeScope();
        Count = count;
    }

    /// <summary>μ, float64 [d] on the CPU.</summary>
    public Tensor Mean { get; }

    /// <summary>Σ, float64 [d, d] on the CPU.</summary>
    public Tensor Covariance { get; }

    /// <summary>Number of feature vectors the statistics were computed from.</summary>
    public long Count { get; }

    public int Dimension => (int)Mean.shape[0];

    /// <summary>Statistics of the rows of <paramref name="features"/> [n, d] (any device and float dtype; n ≥ 2).</summary>
    public static FeatureStatistics FromFeatures(Tensor features)
    {
        if (features.ndim != 2) throw new ArgumentException($"features must be [n, d]; got [{string.Join(", ", features.shape)}]", nameof(features));
        long n = features.shape[0];
        if (n < 2) throw new ArgumentException($"a covariance needs at least 2 feature vectors; got {n}", nameof(features));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // Centred before the product (not Σxxᵀ/n − μμᵀ), so large means cost no precision.
        var x = features.detach().to(float64).cpu();
        var mean = x.mean([0L]);
        var centred = x - mean;
        var covariance = centred.t().matmul(centred).div(n - 1);
        return new FeatureStatistics(mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope(), n);
    }

    /// <summary>Statistics given directly (copied to float64 on the CPU), e.g. a Gaussian's exact moments in a test.</summary>
    public static FeatureStatistics FromMoments(Tensor mean, Tensor covariance, long count = 0)
    {
        if (mean.ndim != 1 || covariance.ndim != 2 || covariance.shape[0] != mean.shape[0] || covariance.shape[1] != mean.shape[0])
            throw new ArgumentException($"mean [{string.Join(", ", mean.shape)}] and covariance [{string.Join(", ", covariance.shape)}] do not fit [d] and [d, d]");
        using var noGrad = no_grad();
        return new FeatureStatistics(mean.detach().to(float64).cpu().clone(), covariance.detach().to(float64).cpu().clone(), count);
    }

    public void Dispose()
    {
        Mean.Dispose();
        Covariance.Dispose();
    }
}
