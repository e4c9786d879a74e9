using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>Settings of the Jacobian probe.</summary>
public sealed record ProbeConfig
{
    [Description("Number of eigenvalues Arnoldi computes.")]
    [Range(1, 10_000)]
    public int K { get; init; } = 10;

    [Description("Which eigenvalues: LM (largest magnitude), LR (largest real part), LI (largest |imaginary part|).")]
    [Choice(NameKind.EigenTarget)]
    public string Which { get; init; } = "LM";

    [Description("Krylov subspace size per Arnoldi cycle (0 = max(3k, 30)).")]
    [Range(0, 100_000)]
    public int Subspace { get; init; }

    [Description("Arnoldi stops when every wanted Ritz pair has residual <= tol * ||J|| (floor 1e-5 in float32).")]
    [Range(1e-300, 1.0)]
    public double Tol { get; init; } = 1e-10;

    [Description("Maximum number of Arnoldi restarts.")]
    [Range(0, 1_000_000)]
    public int MaxRestarts { get; init; } = 300;

    [Description("Size of the fixed probe batch (stochastic games).")]
    [Range(1, 10_000_000)]
    public int BatchSize { get; init; } = 4096;

    [Description("Games with at most this many parameters get the dense Jacobian; larger ones Arnoldi.")]
    [Range(0, 100_000)]
    public int DenseLimit { get; init; } = 600;

    /// <summary>The probe's settings as the core's <see cref="Probes.SpectrumProbe"/> takes them (a conversion, not a key).</summary>
    public static implicit operator Probes.SpectrumProbeOptions(ProbeConfig c) => new(c.K, c.Which, c.Subspace, c.Tol, c.MaxRestarts, c.DenseLimit);
}
