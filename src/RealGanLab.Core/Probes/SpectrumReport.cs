using System.Numerics;

namespace RealGanLab.Probes;

/// <summary>
/// One reading of the probe: eigenvalues of the Jacobian of the field the rule follows (all of them when
/// dense, the top k by the target when Arnoldi), their residuals, and the update operator's spectral radius.
/// </summary>
public sealed record SpectrumReport
{
    /// <summary>"dense" or "arnoldi".</summary>
    public required string Method { get; init; }

    /// <summary>Eigenvalues, best first by <see cref="Target"/>.</summary>
    public required Complex[] Eigenvalues { get; init; }

    /// <summary>Eigenvalues found by the extra Arnoldi runs for the largest real and imaginary parts (Arnoldi only).</summary>
    public Complex[] ExtremeEigenvalues { get; init; } = [];

    /// <summary>Residual ‖Jx − λx‖/(‖J‖‖x‖) per eigenvalue (Arnoldi), empty for dense.</summary>
    public required double[] Residuals { get; init; }

    public required EigenTarget Target { get; init; }

    /// <summary>Spectral radius of the linearised update operator.</summary>
    public required double UpdateOperatorSpectralRadius { get; init; }

    /// <summary>‖v‖ per player at the probed state (of the game's own field v).</summary>
    public required double[] FieldNorms { get; init; }

    /// <summary>Number of J·u / Jᵀu products used.</summary>
    public required int Products { get; init; }

    public required double Seconds { get; init; }

    public bool Converged { get; init; } = true;

    /// <summary>max Re λ over the whole spectrum (dense, or an Arnoldi run for the largest real part).</summary>
    public required double MaxReal { get; init; }

    /// <summary>max |Im λ| over the whole spectrum (dense, or an Arnoldi run for the largest imaginary part).</summary>
    public required double MaxAbsImaginary { get; init; }

    /// <summary>The potential/rotation split of the same Jacobian (exact when dense; null when not asked for).</summary>
    public FieldSplit? Split { get; init; }

    /// <summary>The rule's largest stable step at this point, as a factor on the step sizes in use.</summary>
    public StableStepReport StableStep { get; init; } = StableStepReport.None("not computed");

    /// <summary>Whether Arnoldi started from the previous probe's Ritz vectors (<see cref="ArnoldiWarmStart"/>).</summary>
    public bool WarmStarted { get; init; }

    /// <summary>The step size in use per player (the SGD learning rate the update operator assumes).</summary>
    public double[] StepSizes { get; init; } = [];
}
