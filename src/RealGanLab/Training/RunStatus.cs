namespace RealGanLab.Training;

/// <summary>How a training run ended (summary.json "status").</summary>
public enum RunStatus
{
    /// <summary>All steps ran; DONE written.</summary>
    Completed,

    /// <summary>NaN/Inf in a loss or in v: stopped, last good checkpoint kept; DONE written.</summary>
    Diverged,

    /// <summary>Ctrl-C, SIGTERM or a requested stop: checkpoint saved, resumable with --resume; no DONE.</summary>
    Interrupted,
}
