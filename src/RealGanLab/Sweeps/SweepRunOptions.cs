namespace RealGanLab.Sweeps;

/// <summary>How a sweep process runs its members.</summary>
public sealed record SweepRunOptions
{
    /// <summary>Members run at once, each in its own worker process.</summary>
    public int Workers { get; init; } = 1;

    public ShardSpec Shard { get; init; } = ShardSpec.All;

    /// <summary>Immediate retries of a member whose process failed or crashed (0: record it and go on; the next sweep retries it).</summary>
    public int Retries { get; init; }

    /// <summary>The command that starts this program (e.g. [dotnet, realganlab.dll] or [realganlab]); the runner appends 'sweep-worker DIR MEMBER'.</summary>
    public required IReadOnlyList<string> ProgramCommand { get; init; }

    /// <summary>Extra environment for the workers (tests use it for fault injection).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>
    /// Wall time one attempt of a member may take (null: no limit). Past it the worker gets SIGTERM (it checkpoints),
    /// then SIGKILL a minute later; the member is recorded as failed and the next sweep resumes it.
    /// </summary>
    public TimeSpan? MemberTimeLimit { get; init; }

    /// <summary>How often to print the running members' progress.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(30);
}
