namespace RealGanLab.Sweeps;

/// <summary>What happened to a sweep member in this sweep process.</summary>
public enum MemberOutcomeKind
{
    /// <summary>Trained to its last step now.</summary>
    Completed,

    /// <summary>Stopped by NaN/Inf now; a result, recorded by the run itself.</summary>
    Diverged,

    /// <summary>Its process exited with an error; FAILED written.</summary>
    Failed,

    /// <summary>Its process was killed by a signal (native abort, kill -9, out of memory); FAILED written.</summary>
    Crashed,

    /// <summary>Stopped by SIGTERM / Ctrl-C with a checkpoint; the next sweep resumes it.</summary>
    Interrupted,

    /// <summary>Had ended (DONE) before this sweep process looked at it: not run again.</summary>
    AlreadyEnded,

    /// <summary>Another process holds its lock (another sweep process or shard): left to it.</summary>
    RunningElsewhere,

    /// <summary>Not started because the sweep was stopped first.</summary>
    NotStarted,
}
