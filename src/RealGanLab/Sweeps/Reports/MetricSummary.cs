namespace RealGanLab.Sweeps.Reports;

/// <summary>
/// Mean and sample standard deviation (n − 1 in the denominator) of one quantity over a group's seeds; only finite
/// values count, and <see cref="N"/> says how many did. <see cref="Std"/> is NaN when fewer than two values exist.
/// </summary>
public sealed record MetricSummary(double Mean, double Std, int N)
{
    public static MetricSummary Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return new MetricSummary(double.NaN, double.NaN, 0);
        double mean = finite.Average();
        double std = finite.Length < 2 ? double.NaN
            : Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1));
        return new MetricSummary(mean, std, finite.Length);
    }
}
