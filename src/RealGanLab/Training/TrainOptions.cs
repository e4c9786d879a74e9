namespace RealGanLab.Training;

/// <summary>How a training run is started, beyond its config.</summary>
public sealed record TrainOptions
{
    /// <summary>Continue the run in the directory from its latest checkpoint.</summary>
    public bool Resume { get; init; }

    /// <summary>Stop (checkpoint, exit as interrupted) once this step is reached: a deterministic stand-in for Ctrl-C in tests.</summary>
    public long? StopAtStep { get; init; }

    /// <summary>Signalled by Ctrl-C / SIGTERM: the loop checkpoints and stops at the next step boundary.</summary>
    public CancellationToken Cancel { get; init; }

    /// <summary>Progress of the long phases before training (the classifier, feature statistics), reported on the calling thread.</summary>
    public IProgress<PhaseProgress>? Phases { get; init; }
}
