using System.Text.Json.Serialization;

namespace RealGanLab.Bench;

/// <summary>
/// The probe's costs on one model, each also as a ratio to one gradient evaluation (one evaluation of the field v on the
/// probe batch: both players' gradients). A JVP is a double VJP through the Jᵀw graph, which is built once per probe
/// (<see cref="JvpFirstMs"/> includes building it); the Arnoldi run's amortized JVP is its wall time over its products.
/// </summary>
public sealed record ProbeTiming
{
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("parameters")] public required long Parameters { get; init; }
    [JsonPropertyName("batch")] public required int Batch { get; init; }
    [JsonPropertyName("gradient_ms")] public required double GradientMs { get; init; }
    [JsonPropertyName("jvp_ms")] public required double JvpMs { get; init; }
    [JsonPropertyName("jvp_first_ms")] public required double JvpFirstMs { get; init; }
    [JsonPropertyName("vjp_ms")] public required double VjpMs { get; init; }
    [JsonPropertyName("arnoldi_ms")] public required double ArnoldiMs { get; init; }
    [JsonPropertyName("arnoldi_k")] public required int ArnoldiK { get; init; }
    [JsonPropertyName("arnoldi_products")] public required int ArnoldiProducts { get; init; }
    [JsonPropertyName("arnoldi_converged")] public required bool ArnoldiConverged { get; init; }
    [JsonPropertyName("jvp_ratio")] public double JvpRatio => Round(JvpMs / GradientMs);
    [JsonPropertyName("vjp_ratio")] public double VjpRatio => Round(VjpMs / GradientMs);
    [JsonPropertyName("jvp_amortized_ms")] public double JvpAmortizedMs => Round(ArnoldiMs / Math.Max(1, ArnoldiProducts));
    [JsonPropertyName("jvp_amortized_ratio")] public double JvpAmortizedRatio => Round(JvpAmortizedMs / GradientMs);
    [JsonPropertyName("arnoldi_ratio")] public double ArnoldiRatio => Round(ArnoldiMs / GradientMs);

    static double Round(double x) => Math.Round(x, 3);
}
