namespace RealGanLab.Checkpoints;

/// <summary>
/// A checkpoint file failed verification (truncated, bad magic, checksum mismatch, malformed). Raised before
/// any of its bytes reach TorchSharp, so a damaged file gives this message rather than a failure deep inside
/// a tensor load; <see cref="CheckpointStore.FindLatest"/> catches it to fall back to an older checkpoint.
/// </summary>
public sealed class CheckpointCorruptException : Exception
{
    public CheckpointCorruptException(string path, CheckpointProblem problem, string detail)
        : base($"Checkpoint '{path}' is corrupt ({Describe(problem)}): {detail}")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file that failed verification.</summary>
    public string Path { get; }

    public CheckpointProblem Problem { get; }

    static string Describe(CheckpointProblem problem) => problem switch
    {
        CheckpointProblem.Truncated => "truncated",
        CheckpointProblem.BadMagic => "bad magic",
        CheckpointProblem.ChecksumMismatch => "checksum mismatch",
        _ => "malformed",
    };
}
