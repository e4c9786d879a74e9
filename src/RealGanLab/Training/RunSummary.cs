using RealGanLab.Metrics;

namespace RealGanLab.Training;

/// <summary>summary.json: how the run ended and its final numbers.</summary>
public sealed record RunSummary
{
    public required string Status { get; init; }
    public required string Game { get; init; }
    public required string Rule { get; init; }
    public required int Seed { get; init; }
    public required long Step { get; init; }
    public required long Steps { get; init; }
    public required int Epoch { get; init; }

    /// <summary>Step whose losses or field were not finite (status diverged).</summary>
    public long? DivergedAtStep { get; init; }

    /// <summary>What was not finite, e.g. "loss_D = NaN".</summary>
    public string? Cause { get; init; }

    /// <summary>Metrics of the last evaluation (at the end of a completed run): mode metrics (2-D) or image metrics.</summary>
    public object? Final { get; init; }

    /// <summary>
    /// The last evaluation of each averaged generator (averaging:*), by name ("ema", "uniform"), in the form of
    /// <see cref="Final"/>; absent when averaging is off (null before an average's first evaluation).
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Averaged { get; init; }

    /// <summary>The last probe reading's summary numbers.</summary>
    public IReadOnlyDictionary<string, double>? FinalProbe { get; init; }

    /// <summary>What the probe held fixed, when anything: "spectral norm: u, v held fixed" with spectral normalization.</summary>
    public string? ProbeNote { get; init; }

    /// <summary>Update-rule steps per second (rule steps only, this process).</summary>
    public required double StepsPerSecond { get; init; }

    /// <summary>Share of this process's wall time spent in the probe.</summary>
    public required double ProbeShare { get; init; }

    /// <summary>Wall time of this process, seconds.</summary>
    public required double Seconds { get; init; }

    public required long ParameterCount { get; init; }

    public string? LatestCheckpoint { get; init; }
}
