namespace RealGanLab.Sweeps;

/// <summary>One member's outcome in a sweep process: what happened, the worker's exit code, why, and how long it took.</summary>
public sealed record MemberOutcome(string Name, MemberOutcomeKind Kind, int? ExitCode = null, string? Detail = null, double Seconds = 0, int Attempts = 0)
{
    /// <summary>The kind as people read it: "already ended", "running elsewhere".</summary>
    public static string Text(MemberOutcomeKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
