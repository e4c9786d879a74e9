using RealGanLab.Data;
using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// Generated 2-D samples with their PacGAN mode assignment (<see cref="ModeCoverage.Evaluate"/>) and the real points
/// the k-nearest-neighbour metrics compare them with — the shared pass every mixture metric reads
/// (<see cref="MetricEntry.OnMixture"/>). <see cref="Manifold"/> is computed once, on first use.
/// </summary>
public sealed class MixtureSamples(double[][] samples, GaussianMixture mixture, ModeCoverageResult coverage, double[][] reference)
{
    ManifoldResult? manifold;

    public double[][] Samples { get; } = samples;

    public GaussianMixture Mixture { get; } = mixture;

    public ModeCoverageResult Coverage { get; } = coverage;

    /// <summary>
    /// Real points of the mixture (<see cref="Numerics.RandomStreams.ManifoldReference"/>), as many as the samples up to
    /// <see cref="ManifoldMetrics.MaxPoints"/>.
    /// </summary>
    public double[][] Reference { get; } = reference;

    /// <summary>
    /// Precision, recall, density and coverage of the first <see cref="Reference"/>.Length samples (all of them up to
    /// 10,000) against <see cref="Reference"/>, on the raw points.
    /// </summary>
    public ManifoldResult Manifold => manifold ??= Compare(Reference, Samples.Take(Reference.Length).ToArray());

    /// <summary><see cref="ManifoldMetrics.Evaluate"/> of two sets of rows.</summary>
    public static ManifoldResult Compare(double[][] real, double[][] generated)
    {
        using var scope = NewDisposeScope();
        return ManifoldMetrics.Evaluate(Points(real), Points(generated));
    }

    static Tensor Points(double[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows.Length == 0 ? 0 : rows[0].Length], ScalarType.Float64);
}
