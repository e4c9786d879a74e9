namespace RealGanLab;

/// <summary>
/// Process exit codes: success, an unexpected failure, bad input (nothing was run or written; also a run
/// directory that another process is training), a diverged run, a failed write, an interrupted run, a sweep
/// member held by another process. In the library because the sweep runner reads its workers' codes.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary>A training run diverged (NaN/Inf): a result, recorded in summary.json, not a crash.</summary>
    public const int Diverged = 3;

    /// <summary>
    /// A write into the run directory failed (disk full, quota, read-only file system): training stopped without
    /// DONE and its newest checkpoint is intact, so the run resumes once space is freed. Distinct from
    /// <see cref="Failure"/> so a sweep can tell "retry after freeing space" from a crash or a bug.
    /// </summary>
    public const int WriteFailed = 4;

    /// <summary>Ctrl-C / SIGTERM: a checkpoint was saved and the run can be resumed (128 + SIGINT, the shell's convention).</summary>
    public const int Interrupted = 130;

    /// <summary>A sweep worker found its member held by another process (another sweep or shard) and left it (EX_TEMPFAIL).</summary>
    public const int MemberBusy = 75;
}
