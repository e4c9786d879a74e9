namespace RealGanLab.Training;

/// <summary>What the <see cref="FaultInjection"/> test hook does at its step.</summary>
public enum FaultKind
{
    /// <summary>End the process with SIGABRT, as a native libtorch abort does.</summary>
    Abort,

    /// <summary>Block until the run is told to stop, as a run stuck in a long step would.</summary>
    Hang,
}
