namespace RealGanLab.Sweeps;

/// <summary>The resources of a Slurm job array for a sweep: one array task per shard.</summary>
public sealed record SlurmOptions
{
    /// <summary>Array tasks; each runs 'realganlab sweep FILE --shard $SLURM_ARRAY_TASK_ID/Shards'.</summary>
    public required int Shards { get; init; }

    /// <summary>Worker processes per array task (members of the shard run at once).</summary>
    public int WorkersPerTask { get; init; } = 1;

    /// <summary>GPUs per array task (0: none requested); the sweep gives each worker one of them.</summary>
    public int GpusPerTask { get; init; }

    public int CpusPerTask { get; init; } = 2;

    /// <summary>Memory per array task, in Slurm's notation (e.g. 8G); null: the partition's default.</summary>
    public string? Memory { get; init; }

    /// <summary>Time limit per array task (Slurm's notation, e.g. 04:00:00).</summary>
    public string TimeLimit { get; init; } = "04:00:00";

    public string? Partition { get; init; }

    /// <summary>Seconds before the time limit at which Slurm sends SIGTERM, so workers checkpoint and the task requeues.</summary>
    public int SignalSeconds { get; init; } = 120;
}
