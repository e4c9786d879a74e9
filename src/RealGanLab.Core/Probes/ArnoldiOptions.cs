namespace RealGanLab.Probes;

/// <summary>Settings of <see cref="ArnoldiEigensolver"/>.</summary>
public sealed record ArnoldiOptions
{
    /// <summary>Number of wanted eigenvalues.</summary>
    public int K { get; init; } = 10;

    public EigenTarget Target { get; init; } = EigenTarget.LargestMagnitude;

    /// <summary>Krylov subspace size per cycle; 0 = max(3k, 30).</summary>
    public int Subspace { get; init; }

    /// <summary>Converged when every wanted Ritz pair has residual ≤ tol·‖A‖ (‖A‖ estimated by the largest Ritz value).</summary>
    public double Tolerance { get; init; } = 1e-10;

    public int MaxRestarts { get; init; } = 300;

    /// <summary>Seed of the starting vector.</summary>
    public long Seed { get; init; } = 1;
}
