namespace RealGanLab.Probes;

/// <summary>
/// Smallest and largest eigenvalue of one player's Hessian H_ii = ∂²L_i/∂x_i² of its own loss, with the
/// residuals ‖Hu − λu‖ of the unit Ritz vectors (absolute) and the Lanczos run's bookkeeping
/// (see <see cref="LanczosResult"/>). Min ≥ 0 means the player sits at a local minimum of its own loss
/// in its own coordinates, Min &lt; 0 that it can still improve alone.
/// </summary>
public sealed record PlayerHessianExtremes(
    string Player, double Min, double Max, double MinResidual, double MaxResidual, int Iterations, int Products, bool Exhausted, bool Converged);
