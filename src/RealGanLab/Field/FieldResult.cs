using RealGanLab.Configuration;
using RealGanLab.Probes;

namespace RealGanLab.Field;

/// <summary>Everything the 'field' command measured: the trajectory, its verdict, and the spectrum at the equilibrium.</summary>
public sealed record FieldResult
{
    public required ExperimentConfig Config { get; init; }
    public required string GameTitle { get; init; }
    public required string RuleTitle { get; init; }
    public required string FollowedField { get; init; }
    public required IReadOnlyList<string> CoordinateNames { get; init; }
    public required int GeneratorCoordinates { get; init; }
    public required double[] Equilibrium { get; init; }
    public required IReadOnlyList<double[]> Equilibria { get; init; }
    public required IReadOnlyList<TrajectoryPoint> Trajectory { get; init; }
    public required bool Finite { get; init; }
    public required TrajectoryOutcome Outcome { get; init; }
    public required string Summary { get; init; }
    public required SpectrumReport Spectrum { get; init; }

    /// <summary>Eigenvalues of ∂v/∂x, the game's own Jacobian, at the equilibrium (equal to the followed field's unless the rule modifies v).</summary>
    public required System.Numerics.Complex[] GameEigenvalues { get; init; }
    public required double[] StepSizes { get; init; }
    public required double Momentum { get; init; }
    public required string OptimizerName { get; init; }
    public required IReadOnlyList<FieldArrow> Arrows { get; init; }
    public required double Seconds { get; init; }

    /// <summary>Samples in the fixed batch the spectrum was computed on.</summary>
    public required int ProbeBatchSize { get; init; }

    /// <summary>Caveats about the spectrum for these settings.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Linear verdict from the update operator: radius &lt; 1 converges locally, &gt; 1 diverges.</summary>
    public string UpdateOperatorVerdict => Spectrum.UpdateOperatorSpectralRadius switch
    {
        var r when r < 1 - 1e-9 => "locally convergent (radius < 1)",
        var r when r > 1 + 1e-9 => "locally divergent (radius > 1)",
        _ => "marginal (radius = 1: neither converges nor diverges)",
    };

    /// <summary>Stability of the continuous dynamics ẋ = w(x) from max Re λ.</summary>
    public string ContinuousVerdict => Spectrum.MaxReal switch
    {
        var r when r < -1e-9 => "stable (every Re λ < 0)",
        var r when r > 1e-9 => "unstable (some Re λ > 0)",
        _ => "marginal (max Re λ = 0: rotation without damping)",
    };
}
