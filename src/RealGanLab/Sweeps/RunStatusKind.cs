namespace RealGanLab.Sweeps;

/// <summary>What a run directory says about its run (see <see cref="RunState"/>), as 'realganlab runs' and the sweep report show it.</summary>
public enum RunStatusKind
{
    /// <summary>No config.json yet: a sweep member that has not started.</summary>
    Pending,

    /// <summary>A process holds the run's lock now.</summary>
    Running,

    /// <summary>All steps ran (DONE says "completed").</summary>
    Completed,

    /// <summary>NaN/Inf stopped the run (DONE says "diverged"); a result, not an error.</summary>
    Diverged,

    /// <summary>Stopped by Ctrl-C, SIGTERM or a crash after a checkpoint, with no DONE and no failure record: resumable.</summary>
    Interrupted,

    /// <summary>The process exited with an error code (1, 2, 4, …); FAILED records the cause.</summary>
    Failed,

    /// <summary>The process was killed by a signal (a native abort, kill -9, out of memory); FAILED records which.</summary>
    Crashed,
}
