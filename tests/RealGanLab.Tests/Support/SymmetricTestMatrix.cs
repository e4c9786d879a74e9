using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>Symmetric test matrices with a chosen spectrum: Q·diag(λ)·Qᵀ with Q orthogonal (QR of a Gaussian matrix).</summary>
public static class SymmetricTestMatrix
{
    public static Tensor Create(double[] eigenvalues, long seed, ScalarType dtype = ScalarType.Float64)
    {
        int n = eigenvalues.Length;
        using var scope = NewDisposeScope();
        var gaussian = randn(new long[] { n, n }, dtype: float64, generator: new Generator((ulong)seed));
        var (q, _) = linalg.qr(gaussian);
        var a = q.matmul(diag(tensor(eigenvalues, dtype: float64))).matmul(q.t());
        return a.add(a.t()).mul(0.5).to(dtype).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Bulk uniform in [−1, 1] (seeded) plus the given outliers, in random order.</summary>
    public static double[] BulkWithOutliers(int n, long seed, params double[] outliers)
    {
        var rng = new Random((int)seed);
        var values = outliers.Concat(Enumerable.Range(0, n - outliers.Length).Select(_ => 2 * rng.NextDouble() - 1)).ToArray();
        return values.OrderBy(_ => rng.Next()).ToArray();
    }
}
