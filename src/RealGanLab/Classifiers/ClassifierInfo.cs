using System.Text.Json.Serialization;

namespace RealGanLab.Classifiers;

/// <summary>
/// What <c>lenet-mnist.json</c> records about the stored classifier: how it was trained, how good it is, and the
/// SHA-256 of <c>lenet-mnist.ckpt</c>, so a swapped or damaged checkpoint is noticed before any metric uses it.
/// </summary>
public sealed record ClassifierInfo
{
    public required string Architecture { get; init; }

    /// <summary>Accuracy on the 10,000 MNIST test images, in [0, 1].</summary>
    public required double TestAccuracy { get; init; }

    public required int Epochs { get; init; }

    public required int Seed { get; init; }

    public required int BatchSize { get; init; }

    public required double LearningRate { get; init; }

    public required long ParameterCount { get; init; }

    /// <summary>SHA-256 of the whole checkpoint file, lower-case hex.</summary>
    public required string CheckpointSha256 { get; init; }

    public required double TrainingSeconds { get; init; }

    /// <summary>The device it was trained on (cpu, cuda).</summary>
    public required string Device { get; init; }

    public required string TorchSharpVersion { get; init; }

    public required DateTimeOffset Created { get; init; }

    [JsonIgnore]
    public bool MeetsRequirement => TestAccuracy >= ClassifierTrainingOptions.RequiredAccuracy;
}
