using System.Text.Json.Serialization;

namespace RealGanLab.Bench;

/// <summary>One (model, rule) row: the median wall time of one training step after warm-up (JSON keys shared with bench/pytorch_reference.py).</summary>
public sealed record StepTiming(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("parameters")] long Parameters,
    [property: JsonPropertyName("batch")] int Batch,
    [property: JsonPropertyName("median_ms")] double MedianMs,
    [property: JsonPropertyName("steps_per_s")] double StepsPerSecond,
    [property: JsonPropertyName("samples")] int Samples);
