namespace RealGanLab.Cli;

/// <summary>Process exit codes: success, an unexpected failure, bad input (nothing was run or written), a diverged run, an interrupted run.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary>A training run diverged (NaN/Inf): a result, recorded in summary.json, not a crash.</summary>
    public const int Diverged = 3;

    /// <summary>Ctrl-C / SIGTERM: a checkpoint was saved and the run can be resumed (128 + SIGINT, the shell's convention).</summary>
    public const int Interrupted = 130;
}
