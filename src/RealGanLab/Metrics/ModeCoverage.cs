using RealGanLab.Data;

namespace RealGanLab.Metrics;

/// <summary>
/// PacGAN's mode metrics for Gaussian mixtures (Lin et al. 2018, §5; their MetricLogger; docs/design.md §4). A sample
/// is high-quality when its standardised distance ‖(x − μ_k)/σ_k‖ to the nearest mode k is below 3 (three
/// standard deviations); a mode is captured when at least one high-quality sample is nearest to it; the reverse
/// KL is KL(p̂ ‖ uniform) of the histogram p̂ of high-quality samples over the modes. Computed on the host in
/// double: 2,500 × 25 distances are nothing, and the numbers must not depend on the device.
/// </summary>
public static class ModeCoverage
{
    /// <summary>The protocol's threshold in standard deviations.</summary>
    public const double Threshold = 3.0;

    public static ModeCoverageResult Evaluate(double[][] samples, GaussianMixture mixture)
    {
        if (samples.Length == 0) throw new ArgumentException("no samples to evaluate");
        var counts = new int[mixture.ModeCount];
        int highQuality = 0, nonFinite = 0;
        foreach (var x in samples)
        {
            if (x.Length != mixture.Dimension) throw new ArgumentException($"a sample has {x.Length} coordinates; the mixture has {mixture.Dimension}");
            if (!x.All(double.IsFinite)) { nonFinite++; continue; }
            int nearest = -1;
            double best = double.PositiveInfinity;
            for (int k = 0; k < mixture.ModeCount; k++)
            {
                double sum = 0;
                var mean = mixture.Means[k];
                for (int j = 0; j < x.Length; j++)
                {
                    double z = (x[j] - mean[j]) / mixture.Stds[k];
                    sum += z * z;
                }
                if (sum < best) { best = sum; nearest = k; }
            }
            if (Math.Sqrt(best) < Threshold)
            {
                counts[nearest]++;
                highQuality++;
            }
        }
        return new ModeCoverageResult
        {
            ModesCaptured = counts.Count(c => c > 0),
            ModeCount = mixture.ModeCount,
            HighQualityFraction = (double)highQuality / samples.Length,
            ReverseKl = ReverseKl(counts),
            Counts = counts,
            Samples = samples.Length,
            NonFinite = nonFinite,
        };
    }

    /// <summary>KL(p̂ ‖ u) = Σ p̂_k ln(K p̂_k) over modes with p̂_k &gt; 0; NaN when no sample is high-quality.</summary>
    public static double ReverseKl(IReadOnlyList<int> counts)
    {
        double total = counts.Sum();
        if (total == 0) return double.NaN;
        double kl = 0;
        foreach (var c in counts)
            if (c > 0) kl += c / total * Math.Log(counts.Count * c / total);
        return kl;
    }
}
