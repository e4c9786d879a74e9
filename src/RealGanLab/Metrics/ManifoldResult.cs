namespace RealGanLab.Metrics;

/// <summary>
/// <see cref="ManifoldMetrics"/>' four numbers: precision and recall (k = 3) and coverage (k = 5) are fractions in
/// [0, 1]; density (k = 5) is 1 on average for generated points distributed as the real ones and may exceed 1.
/// </summary>
public sealed record ManifoldResult(double Precision, double Recall, double Density, double Coverage);
