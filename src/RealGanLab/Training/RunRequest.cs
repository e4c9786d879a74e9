namespace RealGanLab.Training;

/// <summary>
/// What a run session is asked to do: the config (a file, or a resolved config such as a sweep member's, with overrides
/// on top), the run directory (null: a new one under runs/), whether to resume or to replace (--force), a step to stop
/// at, the token that stops training, and where the epoch evaluation reports its phases.
/// </summary>
public sealed record RunRequest(
    string? ConfigFile,
    IReadOnlyDictionary<string, string> Overrides,
    string? OutDirectory,
    bool Resume,
    bool Force,
    long? StopAt = null,
    string? ConfigJson = null,
    bool UseEnvironment = true,
    CancellationToken Cancel = default,
    IProgress<PhaseProgress>? Phases = null);
