using System.Globalization;
using RealGanLab.Configuration;

namespace RealGanLab.Training;

/// <summary>
/// A test hook, not a user feature. <c>REALGANLAB_FAULT=abort-at-step=N</c> (optionally <c>;run=SUBSTRING</c>,
/// so that only runs whose directory path contains SUBSTRING fault) makes the trainer kill its own process at
/// the start of step N, once a checkpoint exists, with <see cref="Environment.FailFast(string)"/>. That raises
/// SIGABRT (exit status 134), exactly how a native libtorch abort ends a process (docs/torchsharp-notes.md: such errors
/// cannot be caught), so tests of the sweep runner and of resume can make a member crash mid-training on
/// demand. <c>hang-at-step=N</c> instead blocks the run at the start of step N, once a checkpoint exists, until it is
/// told to stop (SIGINT/SIGTERM), so that a test of a wall-time limit knows where the run is when the limit
/// fires, however slow the machine. See docs/faults.md.
/// </summary>
public sealed record FaultInjection(long Step, FaultKind Kind)
{
    public const string Variable = "REALGANLAB_FAULT";

    /// <summary>The hook for the run at <paramref name="runPath"/>, or null when the variable is unset or names another run.</summary>
    public static FaultInjection? FromEnvironment(string runPath) => Parse(Environment.GetEnvironmentVariable(Variable), runPath);

    /// <summary>Parses the variable's value; a malformed one is an error, not silently no fault.</summary>
    public static FaultInjection? Parse(string? value, string runPath)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        FaultInjection? fault = null;
        string? runFilter = null;
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            FaultKind? kind = pair[0] switch { "abort-at-step" => FaultKind.Abort, "hang-at-step" => FaultKind.Hang, _ => null };
            if (pair.Length == 2 && kind is FaultKind k && fault is null
                && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                fault = new FaultInjection(n, k);
            else if (pair.Length == 2 && pair[0] == "run" && pair[1].Length > 0)
                runFilter = pair[1];
            else
                throw Malformed(value);
        }
        if (fault is null) throw Malformed(value);
        return runFilter is null || runPath.Contains(runFilter, StringComparison.Ordinal) ? fault : null;
    }

    /// <summary>
    /// At the start of <paramref name="step"/>: an abort ends the process now with SIGABRT (nothing is flushed or
    /// saved); a hang returns only once <paramref name="stop"/> is cancelled, and the trainer then stops as on SIGTERM.
    /// </summary>
    public void Trigger(long step, CancellationToken stop)
    {
        if (Kind == FaultKind.Abort) Environment.FailFast($"{Variable}: injected abort at step {step}");
        stop.WaitHandle.WaitOne();
    }

    static BadInputException Malformed(string value) =>
        new(Variable, $"is '{value}'; expected abort-at-step=N or hang-at-step=N, optionally followed by ;run=SUBSTRING (a test hook, see docs/faults.md).");
}
