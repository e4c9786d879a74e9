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

    [Description("Hutchinson probe vectors for the potential/rotation split of J (||S||_F^2, ||A||_F^2 with standard errors) on games past denseLimit; 0 = none, else at least 2 (dense games get the exact split).")]
    [Range(0, 100_000)]
    public int HutchinsonSamples { get; init; } = 16;

    [Description("Lanczos steps for the extreme eigenvalues of S = (J + J^T)/2 on games past denseLimit (two products each); 0 = none.")]
    [Range(0, 10_000)]
    public int SymmetricIterations { get; init; } = 20;

    [Description("Start each live probe's Arnoldi runs from the previous probe's Ritz vectors (games past denseLimit); false = a seeded random start every time.")]
    public bool WarmStart { get; init; } = true;

    [Description("Start vectors of the stochastic Lanczos quadrature for each player's Hessian spectral density (plots/hessian_density.png); 0 = none.")]
    [Range(0, 10_000)]
    public int DensityVectors { get; init; }

    [Description("Lanczos steps per start vector of the Hessian spectral density (the quadrature's nodes per vector).")]
    [Range(1, 10_000)]
    public int DensitySteps { get; init; } = 60;

    /// <summary>The probe's settings as the core's <see cref="Probes.SpectrumProbe"/> takes them (a conversion, not a key).</summary>
    public static implicit operator Probes.SpectrumProbeOptions(ProbeConfig c) => new(c.K, c.Which, c.Subspace, c.Tol, c.MaxRestarts, c.DenseLimit,
        c.HutchinsonSamples, c.SymmetricIterations);
}
