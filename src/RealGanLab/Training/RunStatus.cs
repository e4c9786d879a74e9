namespace RealGanLab.Training;

/// <summary>
/// The status of a run, the one vocabulary of the trainer (summary.json "status", DONE), 'realganlab runs', the sweep
/// scheduler and its report. A training process ends a run as <see cref="Completed"/>, <see cref="Diverged"/> or
/// <see cref="Interrupted"/>; the other values are what a run directory says to someone reading it (<see cref="Sweeps.RunState"/>).
/// </summary>
public enum RunStatus
{
    /// <summary>No config.json yet: a sweep member that has not started.</summary>
    Pending,

    /// <summary>A process holds the run's lock now.</summary>
    Running,

    /// <summary>All steps ran; DONE says "completed".</summary>
    Completed,

    /// <summary>NaN/Inf in a loss or in v: stopped, last good checkpoint kept; DONE says "diverged". A result, not an error.</summary>
    Diverged,

    /// <summary>Ctrl-C, SIGTERM, a requested stop or a crash after a checkpoint: no DONE and no failure record; resumable with --resume.</summary>
    Interrupted,

    /// <summary>The process exited with an error code (1, 2, 4, …); a sweep's FAILED records the cause.</summary>
    Failed,

    /// <summary>The process was killed by a signal (a native abort, kill -9, out of memory); a sweep's FAILED records which.</summary>
    Crashed,
}
