using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// Sample quality and diversity from k-nearest-neighbour manifolds, comparing real points X = {x_i} (n of them) with
/// generated points Y = {y_j} (m of them) in one feature space. r_k(x) is the distance from x to its k-th nearest
/// neighbour in its own set (itself excluded).
/// <list type="bullet">
/// <item>Improved precision and recall (Kynkäänniemi et al. 2019, Eq. 1–2; k = 3): precision = (1/m) Σ_j 1[∃ i:
/// ‖y_j − x_i‖ ≤ r_k(x_i)], the share of generated points inside the real manifold; recall = (1/n) Σ_i 1[∃ j:
/// ‖x_i − y_j‖ ≤ r_k(y_j)], the share of real points inside the generated manifold. Their reference code compares
/// with ≤.</item>
/// <item>Density and coverage (Naeem et al. 2020, Eq. 3–4; k = 5): density = (1/(k m)) Σ_j Σ_i 1[‖y_j − x_i‖ &lt;
/// r_k(x_i)], how many real balls a generated point falls in, 1 on average when Y is distributed as X and above 1
/// where Y crowds the dense regions; coverage = (1/n) Σ_i 1[∃ j: ‖x_i − y_j‖ &lt; r_k(x_i)], the share of real
/// balls holding a generated point. Their reference code (prdc) compares with a strict &lt;, so a set compared with
/// itself has density exactly 1 (each ball holds its own centre and k − 1 neighbours).</item>
/// </list>
/// Distances are computed a block of rows at a time (<see cref="BlockRows"/> × the other set, float64: 82 MB for
/// 10,000 points, a few such blocks alive at once), never the whole matrix, in three passes (real × real,
/// generated × generated for the radii, generated × real for the four counts): directly as ‖a − b‖ up to
/// <see cref="DirectDimensions"/> dimensions (exact and symmetric: the 2-D mixtures), through matrix products
/// ‖a‖² + ‖b‖² − 2a·b above (the classifier's 128 or 384 features, several times faster; a distance and its mirror
/// may then differ in the last bits, which only matters for a point exactly on a ball's edge).
/// </summary>
public static class ManifoldMetrics
{
    /// <summary>Kynkäänniemi et al.'s neighbourhood size for precision and recall.</summary>
    public const int PrecisionRecallK = 3;

    /// <summary>Naeem et al.'s neighbourhood size for density and coverage.</summary>
    public const int DensityCoverageK = 5;

    /// <summary>Rows of one distance block: 1,024 × 10,000 doubles are 82 MB.</summary>
    public const int BlockRows = 1024;

    /// <summary>The most dimensions whose distances are computed directly rather than through matrix products.</summary>
    public const int DirectDimensions = 16;

    /// <summary>The most points of each set the runs compare (<see cref="Evaluate"/> itself takes any number).</summary>
    public const int MaxPoints = 10_000;

    /// <summary>Precision and recall (k = 3) and density and coverage (k = 5) of <paramref name="generated"/> [m, d] against <paramref name="real"/> [n, d].</summary>
    /// <remarks>
    /// Generated points with NaN or Inf coordinates (a diverged generator) count as outside every manifold: they stay
    /// in m for precision and density and take part in nothing else. Recall needs k + 1 finite generated points for
    /// their radii (NaN with fewer); all four are NaN when there are fewer than k + 1 = 6 real points.
    /// </remarks>
    public static ManifoldResult Evaluate(Tensor real, Tensor generated)
    {
        Check(real, nameof(real));
        Check(generated, nameof(generated));
        if (real.shape[1] != generated.shape[1])
            throw new ArgumentException($"real points have {real.shape[1]} dimensions and generated ones {generated.shape[1]}");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (!isfinite(real).all().item<bool>())
            throw new ArgumentException("real contains NaN or Inf values", nameof(real));
        if (real.shape[0] < DensityCoverageK + 1 || generated.shape[0] == 0)
            return new ManifoldResult(double.NaN, double.NaN, double.NaN, double.NaN);
        var x = real.detach().to(ScalarType.Float64, CPU);
        var all = generated.detach().to(ScalarType.Float64, CPU);
        var y = all.index_select(0, isfinite(all).all(1).nonzero().flatten());
        var realRadii = NeighbourRadii(x, [PrecisionRecallK, DensityCoverageK]);
        var generatedRadii = y.shape[0] > PrecisionRecallK ? NeighbourRadii(y, [PrecisionRecallK])[0] : null;
        var r3 = realRadii[0].unsqueeze(0);
        var r5 = realRadii[1].unsqueeze(0);

        // One pass over the generated × real distances, a block of generated rows at a time: precision and density
        // read rows, coverage and recall columns.
        long inRealManifold = 0, ballsHit = 0;
        var covered = zeros(x.shape[0], dtype: ScalarType.Bool);
        var recalled = zeros(x.shape[0], dtype: ScalarType.Bool);
        for (long start = 0; start < y.shape[0]; start += BlockRows)
        {
            using var block = NewDisposeScope();
            long rows = Math.Min(BlockRows, y.shape[0] - start);
            var d = Distances(y.narrow(0, start, rows), x);
            inRealManifold += d.le(r3).any(1).sum().item<long>();
            var inside5 = d.lt(r5);
            ballsHit += inside5.sum().item<long>();
            covered.logical_or_(inside5.any(0));
            if (generatedRadii is not null) recalled.logical_or_(d.le(generatedRadii.narrow(0, start, rows).unsqueeze(1)).any(0));
        }
        double n = x.shape[0], m = all.shape[0];
        return new ManifoldResult(
            Precision: inRealManifold / m,
            Recall: generatedRadii is null ? double.NaN : recalled.sum().item<long>() / n,
            Density: ballsHit / (DensityCoverageK * m),
            Coverage: covered.sum().item<long>() / n);
    }

    /// <summary>
    /// r_k(p) for every point p of <paramref name="points"/> [n, d] and every k of <paramref name="ks"/>: the (k+1)-th
    /// smallest distance in p's row, the first being p's distance to itself (0).
    /// </summary>
    public static Tensor[] NeighbourRadii(Tensor points, int[] ks)
    {
        int largest = ks.Max();
        var parts = ks.Select(_ => new List<Tensor>()).ToArray();
        for (long start = 0; start < points.shape[0]; start += BlockRows)
        {
            using var block = NewDisposeScope();
            long rows = Math.Min(BlockRows, points.shape[0] - start);
            var (nearest, _) = Distances(points.narrow(0, start, rows), points).topk(largest + 1, dim: 1, largest: false, sorted: true);
            for (int i = 0; i < ks.Length; i++)
                parts[i].Add(nearest.select(1, ks[i]).MoveToOuterDisposeScope());
        }
        return parts.Select(p => cat(p, 0)).ToArray();
    }

    static Tensor Distances(Tensor a, Tensor b) =>
        cdist(a, b, compute_mode: a.shape[1] <= DirectDimensions ? compute_mode.donot_use_mm_for_euclid_dist : compute_mode.use_mm_for_euclid_dist);

    static void Check(Tensor points, string name)
    {
        if (points.ndim != 2 || !points.is_floating_point())
            throw new ArgumentException($"{name} must be floating-point points [n, d]; got {points.dtype} [{string.Join(", ", points.shape)}]", name);
    }
}
