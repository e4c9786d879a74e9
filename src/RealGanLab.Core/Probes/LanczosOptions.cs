namespace RealGanLab.Probes;

/// <summary>Settings of <see cref="LanczosEigensolver"/>.</summary>
public sealed record LanczosOptions
{
    /// <summary>Largest Krylov dimension (= products before the residual checks); capped at n.</summary>
    public int MaxIterations { get; init; } = 40;

    /// <summary>
    /// Stop when the residuals of both extreme Ritz pairs are ≤ tol·max|Ritz| (max|Ritz| estimates ‖A‖, so
    /// eigenvalues at zero can converge). Raised to 1e-5 in single precision, which cannot do better.
    /// </summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>Seed of the start vector (drawn on the CPU, then moved, so a seed means the same vector on every device).</summary>
    public long Seed { get; init; } = 1;
}
