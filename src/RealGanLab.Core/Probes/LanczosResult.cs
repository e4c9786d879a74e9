namespace RealGanLab.Probes;

/// <summary>
/// The extreme eigenvalues found by <see cref="LanczosEigensolver"/> with the residual ‖Au − λu‖ of each
/// unit Ritz vector u, computed by an explicit product at the end (not the cheap estimate used for
/// stopping); absolute, in the operator's units. <see cref="Exhausted"/>: the Krylov space became invariant
/// (e.g. n ≤ MaxIterations), so Min and Max are exact up to rounding. Converged: both residuals are within
/// 10× tol·max(|Min|, |Max|). A non-finite product gives NaN values and Converged = false.
/// </summary>
public sealed record LanczosResult(
    double Min, double Max, double MinResidual, double MaxResidual, int Iterations, int Products, bool Exhausted, bool Converged);
