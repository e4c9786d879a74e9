using System.Text.Json.Serialization;

namespace RealGanLab.Bench;

/// <summary>The whole benchmark as written to JSON: the machine and libtorch, the protocol, the step rows and the probe rows.</summary>
public sealed record BenchReport
{
    [JsonPropertyName("tool")] public string Tool { get; init; } = "realganlab";
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("backend")] public required string Backend { get; init; }
    [JsonPropertyName("libtorch")] public required string LibTorch { get; init; }
    [JsonPropertyName("device")] public required string Device { get; init; }
    [JsonPropertyName("device_name")] public required string DeviceName { get; init; }
    [JsonPropertyName("threads")] public required int Threads { get; init; }
    [JsonPropertyName("dtype")] public string Dtype { get; init; } = "float32";
    [JsonPropertyName("warmup")] public required int Warmup { get; init; }
    [JsonPropertyName("steps")] public required int Steps { get; init; }
    [JsonPropertyName("date")] public required string Date { get; init; }
    [JsonPropertyName("results")] public required IReadOnlyList<StepTiming> Results { get; init; }
    [JsonPropertyName("probe")] public required IReadOnlyList<ProbeTiming> Probe { get; init; }
}
