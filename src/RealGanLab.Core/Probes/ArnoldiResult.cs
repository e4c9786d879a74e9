using System.Numerics;

namespace RealGanLab.Probes;

/// <summary>
/// Eigenvalues found by Arnoldi, best first (k of them, or k + 1 when the k-th has its conjugate partner
/// just past the cut), with the residual ‖Ax − θx‖ / (‖A‖‖x‖) of each Ritz pair computed by explicit
/// products at the end (not the cheap estimate used for stopping); ‖A‖ is estimated by the largest Ritz
/// value. Converged means every such residual is within 10× the tolerance (at least 1e-5 in float32).
/// <see cref="RitzSum"/>: Σ (Re x + Im x) over the unit Ritz vectors x of the eigenvalues found, a warm start for the next
/// solve of a nearby operator (<see cref="ArnoldiOptions.Start"/>); it belongs to the caller's dispose scope; null when none.
/// </summary>
public sealed record ArnoldiResult(Complex[] Eigenvalues, double[] Residuals, int Restarts, int Products, bool Converged,
    TorchSharp.torch.Tensor? RitzSum = null);
