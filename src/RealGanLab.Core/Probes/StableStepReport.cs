using System.Numerics;

namespace RealGanLab.Probes;

/// <summary>
/// The largest stable step of an update rule at the probed point: the largest factor c such that the rule's linearised
/// update operator with every step size multiplied by c' has spectral radius ≤ 1 for every c' in (0, c]. The step sizes
/// in use are stable when <see cref="Factor"/> &gt; 1, and c·h is the largest stable learning rate of each player with the
/// ratio between the players kept (the analysis is that of plain or heavy-ball SGD steps, as the update operator's).
/// </summary>
/// <param name="Factor">c; 0 when no step is stable (a mode grows however small the step, e.g. Re λ &gt; 0 under simultaneous
/// steps, or the bound lies below 10⁻⁶/|hλ|); +∞ when nothing bounds it (every mode neutral or stable up to 10⁶/|hλ|);
/// NaN when it could not be computed.</param>
/// <param name="LimitingMode">The eigenvalue μ of diag(h)·J (h the step sizes in use) that sets the bound, when the bound
/// comes from one eigenvalue (the per-eigenvalue method).</param>
/// <param name="Method">"eigenvalues" (per eigenvalue of diag(h)·J, for rules whose operator is a function of diag(h)·J),
/// "operator" (bisection on the dense operator's radius) or "none" (not computed, with <paramref name="Note"/> saying why).</param>
/// <param name="Exact">True when every eigenvalue took part (dense Jacobian) or a certified unstable mode gives 0; false
/// when the bound comes from the few eigenvalues Arnoldi found, which makes it an upper bound.</param>
public sealed record StableStepReport(double Factor, Complex? LimitingMode, string Method, bool Exact, string? Note = null)
{
    /// <summary>Not computed, for the reason given.</summary>
    public static StableStepReport None(string note) => new(double.NaN, null, "none", false, note);
}
