using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// The Fréchet distance between two Gaussians fitted to feature sets (Heusel et al. 2017, "GANs trained by a
/// two time-scale update rule converge to a local Nash equilibrium", eq. 6, the FID; Dowson &amp; Landau 1982):
/// d² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^{1/2}).
/// The trace of the matrix square root is computed without a non-symmetric square root: Σ₁Σ₂ is similar to the
/// symmetric positive semi-definite M = Σ₁^{1/2} Σ₂ Σ₁^{1/2}, so tr((Σ₁Σ₂)^{1/2}) = Σᵢ √λᵢ(M), with both steps done
/// by symmetric eigendecompositions (torch.linalg.eigh) in float64. Eigenvalues that rounding pushes slightly
/// below 0 are clamped at 0 (a covariance of fewer samples than dimensions is singular).
/// </summary>
public static class FrechetDistance
{
    public static double Compute(FeatureStatistics first, FeatureStatistics second)
    {
        if (first.Dimension != second.Dimension)
            throw new ArgumentException($"feature dimensions differ: {first.Dimension} and {second.Dimension}");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var meanTerm = (first.Mean - second.Mean).square().sum().item<double>();
        var sqrtFirst = SymmetricSqrt(first.Covariance);
        var m = sqrtFirst.matmul(second.Covariance).matmul(sqrtFirst);
        // Symmetrised: the product is symmetric in exact arithmetic only, and eigh reads one triangle.
        m = (m + m.t()) / 2;
        var traceSqrt = linalg.eigvalsh(m).clamp_min(0).sqrt().sum().item<double>();
        var traces = first.Covariance.trace().item<double>() + second.Covariance.trace().item<double>();
        // Clamped at 0: two samples of one distribution can round to −1e−12.
        return Math.Max(0, meanTerm + traces - 2 * traceSqrt);
    }

    /// <summary>S^{1/2} = V diag(√max(λ, 0)) Vᵀ for a symmetric positive semi-definite S = V diag(λ) Vᵀ.</summary>
    static Tensor SymmetricSqrt(Tensor symmetric)
    {
        var (values, vectors) = linalg.eigh((symmetric + symmetric.t()) / 2);
        return (vectors * values.clamp_min(0).sqrt().unsqueeze(0)).matmul(vectors.t());
    }
}
