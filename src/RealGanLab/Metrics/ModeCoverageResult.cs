using System.Text.Json.Serialization;

namespace RealGanLab.Metrics;

/// <summary>The PacGAN mode metrics of one set of generated samples.</summary>
public record ModeCoverageResult
{
    /// <summary>Modes with at least one high-quality sample nearest to them.</summary>
    public required int ModesCaptured { get; init; }

    /// <summary>Modes in the mixture.</summary>
    public required int ModeCount { get; init; }

    /// <summary>Fraction of all samples within 3 std of their nearest mode.</summary>
    public required double HighQualityFraction { get; init; }

    /// <summary>KL(histogram of high-quality samples ‖ uniform); NaN (null in JSON) when there are none.</summary>
    public required double ReverseKl { get; init; }

    /// <summary>High-quality samples per mode.</summary>
    public required int[] Counts { get; init; }

    /// <summary>Samples evaluated.</summary>
    public required int Samples { get; init; }

    /// <summary>Samples with NaN or infinite coordinates (counted as low quality).</summary>
    public int NonFinite { get; init; }

    /// <summary>"8/8 modes · HQ 97.1% · rKL 0.012" for titles and progress lines.</summary>
    [JsonIgnore]
    public string Short => $"{ModesCaptured}/{ModeCount} modes · HQ {HighQualityFraction:P1} · rKL {(double.IsNaN(ReverseKl) ? "n/a" : ReverseKl.ToString("0.000"))}";
}
