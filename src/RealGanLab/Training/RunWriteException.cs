using System.Text.RegularExpressions;

namespace RealGanLab.Training;

/// <summary>
/// A write into the run directory failed (a full disk, a quota, a read-only remount): training stopped at once,
/// wrote no DONE, and <see cref="Checkpoint"/> — looked up and verified after the failure, so it is what
/// --resume will find — is intact. The trainer throws this instead of the raw <see cref="IOException"/> so
/// that the command line can say all that and exit with its own code instead of printing a stack trace.
/// </summary>
public sealed partial class RunWriteException : IOException
{
    public RunWriteException(string file, IOException cause, string? checkpoint, long? checkpointStep, string? runPath = null)
        : base(Format(file, Reason(cause), checkpoint, checkpointStep), cause)
    {
        File = file;
        Checkpoint = checkpoint;
        CheckpointStep = checkpointStep;
        RunPath = runPath;
    }

    /// <summary>The run directory, for the command that resumes it; null when the failure was not tied to one.</summary>
    public string? RunPath { get; }

    /// <summary>The file that could not be written (for an atomic write, the file it was to replace, not its temp file).</summary>
    public string File { get; }

    /// <summary>The newest checkpoint that verifies after the failure, or null when there is none.</summary>
    public string? Checkpoint { get; }

    public long? CheckpointStep { get; }

    /// <summary>Wraps a failed write into <paramref name="run"/> with the checkpoint --resume would now find (verified, so the message can say it is intact).</summary>
    public static RunWriteException For(RunDirectory run, IOException cause)
    {
        var search = new Checkpoints.CheckpointStore(run.Checkpoints).FindLatest();
        long? step = search.Reader is null ? null : TrainingState.StepOf(search.Reader);
        return new RunWriteException(FileIn(cause) ?? run.Path, cause, search.Path, step, run.Path);
    }

    /// <summary>
    /// The file an IOException names: .NET ends its errno messages with <c> : '/path'</c>. The hidden temp
    /// file of an atomic write (<c>.NAME.partial-XXXX</c>, or <c>.NAME.partial-XXXX.EXT</c> for a plot) is reported as the file it stands for.
    /// </summary>
    public static string? FileIn(IOException e)
    {
        var match = QuotedPath().Match(e.Message);
        if (!match.Success) return null;
        var path = match.Groups[1].Value;
        return Output.AtomicFile.TargetOfTempName(Path.GetFileName(path)) is string target
            ? Path.Combine(Path.GetDirectoryName(path)!, target) : path;
    }

    /// <summary>The message without the path .NET appends ("No space left on device").</summary>
    static string Reason(IOException e) => QuotedPath().Replace(e.Message, "").Trim();

    static string Format(string file, string reason, string? checkpoint, long? step) =>
        $"could not write {file}: {reason}; " + (checkpoint is null
            ? "there is no readable checkpoint to resume from"
            : $"the previous checkpoint {checkpoint} at step {step} is intact");

    [GeneratedRegex(@"\s*:\s*'([^']+)'\s*$")]
    private static partial Regex QuotedPath();
}
