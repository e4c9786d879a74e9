using RealGanLab.Training;

namespace RealGanLab.Sweeps.Reports;

/// <summary>
/// What the report shows of one sweep member: its manifest entry, the state of its run directory, and the numbers
/// of its summary.json — the final metrics flattened to numeric scalars (arrays skipped; "a.b" for nested objects),
/// steps per second and the final probe's max Re λ, max |Im λ|, rotation fraction and largest stable step — plus its last
/// sample image, when there is one.
/// </summary>
public sealed record MemberResult
{
    public required SweepManifestMember Member { get; init; }

    /// <summary>SWEEP_DIR/&lt;member name&gt;; it may not exist (a pending member).</summary>
    public required string Directory { get; init; }

    public required RunState State { get; init; }

    /// <summary>train:steps of the run's config.json, or of the manifest's resolved config before the run has started.</summary>
    public long? Steps { get; init; }

    public double? StepsPerSecond { get; init; }

    /// <summary>Metric name → value in summary.json's order; NaN where the run wrote NaN or null.</summary>
    public IReadOnlyDictionary<string, double> Final { get; init; } = new Dictionary<string, double>();

    /// <summary>Largest real part of the last probe's eigenvalues (Re λ &lt; 0 everywhere: locally stable).</summary>
    public double? MaxReal { get; init; }

    /// <summary>Largest |Im λ| of the last probe: how much the game rotates.</summary>
    public double? MaxAbsImaginary { get; init; }

    /// <summary>The last probe's rotation fraction ‖A‖_F/‖J‖_F (J = S + A): near 1 the game mostly rotates.</summary>
    public double? RotationFraction { get; init; }

    /// <summary>
    /// The last probe's largest stable step ÷ the step in use for the member's rule: 0 where some eigenvalue has
    /// Re λ ≥ 0 (no step is stable), +∞ where nothing bounds it, below 1 where the step in use is too large.
    /// </summary>
    public double? StableStepFactor { get; init; }

    /// <summary>samples/epoch_NNNN.png with the largest N, or null.</summary>
    public string? SampleImage { get; init; }

    public RunStatus Status => State.Status;

    public string Name => Member.Name;
}
