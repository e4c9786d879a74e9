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

    /// <summary>Seed of the starting vector (and of the random admixture of a warm start).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>
    /// A warm start: a vector whose Krylov space holds the wanted eigenvectors, e.g. the sum of an earlier solve's Ritz
    /// vectors (<see cref="ArnoldiResult.RitzSum"/>). Arnoldi starts from it plus a tenth of the seeded random vector,
    /// so directions that were not wanted before can still enter. Null: the seeded random start.
    /// </summary>
    public TorchSharp.torch.Tensor? Start { get; init; }
}
