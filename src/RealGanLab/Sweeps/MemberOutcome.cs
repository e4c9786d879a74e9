namespace RealGanLab.Sweeps;

/// <summary>One member's outcome in a sweep process: what happened, the worker's exit code, why, and how long it took.</summary>
public sealed record MemberOutcome(string Name, MemberOutcomeKind Kind, int? ExitCode = null, string? Detail = null, double Seconds = 0, int Attempts = 0);
