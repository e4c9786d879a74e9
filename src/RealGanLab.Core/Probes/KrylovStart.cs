using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// The first Arnoldi cycle of an operator, kept for the next solve of the same operator from the same start vector.
/// The probe runs Arnoldi up to three times on one Jacobian (the top k by magnitude, then the largest real and the
/// largest imaginary parts), each from the same seeded start vector with the same subspace size: their first cycles —
/// m products each — are identical, and only the restarts differ by target. Sharing the first cycle gives bit-identical
/// results for a third of the products. Lives in the probe's dispose scope, like the Jacobian it belongs to.
/// </summary>
public sealed class KrylovStart
{
    internal Tensor? Basis { get; private set; }
    internal double[,]? H { get; private set; }
    internal int Size { get; private set; }
    internal bool Invariant { get; private set; }
    internal long N { get; private set; }
    internal int M { get; private set; }
    internal long Seed { get; private set; }
    internal Tensor? WarmStart { get; private set; }

    /// <summary>Same size, subspace, seed and warm-start vector (the same tensor object, or none for both).</summary>
    internal bool Matches(long n, int m, long seed, Tensor? warmStart) =>
        Basis is not null && N == n && M == m && Seed == seed && ReferenceEquals(WarmStart, warmStart);

    internal void Store(Tensor basis, double[,] h, int size, bool invariant, long n, int m, long seed, Tensor? warmStart)
    {
        Basis = basis.clone();
        H = (double[,])h.Clone();
        (Size, Invariant, N, M, Seed, WarmStart) = (size, invariant, n, m, seed, warmStart);
    }
}
