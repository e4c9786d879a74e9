using System.Numerics;

namespace RealGanLab.Probes;

/// <summary>
/// Eigenvalues found by Arnoldi, best first, with the relative residual ‖Ax − θx‖ / (|θ|‖x‖) of each Ritz
/// pair computed by explicit products at the end (not the cheap estimate used for stopping).
/// </summary>
public sealed record ArnoldiResult(Complex[] Eigenvalues, double[] Residuals, int Restarts, int Products, bool Converged);
