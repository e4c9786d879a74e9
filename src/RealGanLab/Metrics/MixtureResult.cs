using System.Text.Json.Serialization;

namespace RealGanLab.Metrics;

/// <summary>
/// A mixture evaluation's final numbers in summary.json: PacGAN's mode metrics (the base record's properties) and the
/// k-nearest-neighbour metrics on the raw 2-D points (<see cref="ManifoldMetrics"/>), each with its real-vs-real
/// floor (a second real set against the same reference: what a generator distributed as the data would score).
/// </summary>
public sealed record MixtureResult : ModeCoverageResult
{
    public required double Precision { get; init; }
    public required double Recall { get; init; }
    public required double Density { get; init; }
    public required double Coverage { get; init; }

    [JsonPropertyName("floor_precision")] public required double FloorPrecision { get; init; }
    [JsonPropertyName("floor_recall")] public required double FloorRecall { get; init; }
    [JsonPropertyName("floor_density")] public required double FloorDensity { get; init; }
    [JsonPropertyName("floor_coverage")] public required double FloorCoverage { get; init; }

    /// <summary>"precision 0.962 (real 0.971) · recall …" for the console.</summary>
    [JsonIgnore]
    public string ManifoldShort =>
        $"precision {Precision:0.000} (real {FloorPrecision:0.000}) · recall {Recall:0.000} ({FloorRecall:0.000}) · " +
        $"density {Density:0.000} ({FloorDensity:0.000}) · coverage {Coverage:0.000} ({FloorCoverage:0.000})";

    public static MixtureResult From(ModeCoverageResult modes, ManifoldResult manifold, ManifoldResult floor) => new()
    {
        ModesCaptured = modes.ModesCaptured,
        ModeCount = modes.ModeCount,
        HighQualityFraction = modes.HighQualityFraction,
        ReverseKl = modes.ReverseKl,
        Counts = modes.Counts,
        Samples = modes.Samples,
        NonFinite = modes.NonFinite,
        Precision = manifold.Precision,
        Recall = manifold.Recall,
        Density = manifold.Density,
        Coverage = manifold.Coverage,
        FloorPrecision = floor.Precision,
        FloorRecall = floor.Recall,
        FloorDensity = floor.Density,
        FloorCoverage = floor.Coverage,
    };
}
