using RealGanLab.Data;

namespace RealGanLab.Metrics;

/// <summary>
/// Generated 2-D samples with their PacGAN mode assignment (<see cref="ModeCoverage.Evaluate"/>) — the shared pass
/// every mixture metric reads (<see cref="MetricEntry.OnMixture"/>).
/// </summary>
public sealed record MixtureSamples(double[][] Samples, GaussianMixture Mixture, ModeCoverageResult Coverage);
