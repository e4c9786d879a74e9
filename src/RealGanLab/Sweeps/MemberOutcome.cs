using RealGanLab.Training;

namespace RealGanLab.Sweeps;

/// <summary>
/// What happened to a sweep member in this sweep process: its status in the one vocabulary of runs
/// (<see cref="RunStatus"/>), its exit code, why, and how long it took. Three statuses read differently here, for a
/// member this process did not train: <see cref="RunStatus.Running"/> (another process holds it: "running elsewhere"),
/// <see cref="RunStatus.Pending"/> (the sweep was stopped before it started: "not started") and a run that had ended
/// before this process looked at it (<see cref="AlreadyEnded"/>: "already ended").
/// </summary>
public sealed record MemberOutcome(string Name, RunStatus Status, int? ExitCode = null, string? Detail = null, double Seconds = 0, int Attempts = 0,
    bool AlreadyEnded = false)
{
    /// <summary>The outcome as people read it: "completed", "crashed", "already ended", "running elsewhere", "not started".</summary>
    public string Text => AlreadyEnded ? "already ended" : Status switch
    {
        RunStatus.Running => "running elsewhere",
        RunStatus.Pending => "not started",
        _ => Status.ToString().ToLowerInvariant(),
    };

    /// <summary>Failed or crashed in this sweep process: recorded (FAILED), and the sweep exits 1.</summary>
    public bool IsFailure => !AlreadyEnded && Status is RunStatus.Failed or RunStatus.Crashed;
}
