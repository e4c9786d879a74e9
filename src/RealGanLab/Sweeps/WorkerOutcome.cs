using System.Text.Json;
using System.Text.Json.Serialization;
using RealGanLab.Configuration;
using RealGanLab.Training;

namespace RealGanLab.Sweeps;

/// <summary>
/// What a sweep worker says about the attempt it ran, written by the worker itself just before it exits
/// (<c>logs/&lt;member&gt;.&lt;attempt&gt;.outcome.json</c>, <see cref="SweepDirectory.WorkerOutcome"/>) so the sweep learns the
/// member's status and the error it caught from the worker, not from its log. A worker that dies without writing one
/// (a signal, a native abort) is classified from its exit code and its log instead (<see cref="MemberClassifier"/>).
/// </summary>
public sealed record WorkerOutcome
{
    /// <summary>
    /// The variable through which the sweep gives each worker it starts a fresh attempt id. The id names the record's
    /// file and is repeated inside it, so a record of another attempt is never taken for this one's. A worker started
    /// without it (by hand) writes no record.
    /// </summary>
    public const string AttemptVariable = "RGL_WORKER_ATTEMPT";

    /// <summary>The attempt id the sweep gave the worker (<see cref="NewAttempt"/>).</summary>
    public required string Attempt { get; init; }

    /// <summary>
    /// The member's status as the worker left it: completed, diverged, interrupted, failed, or running (another process
    /// holds the member). Never crashed: a crashed worker writes nothing.
    /// </summary>
    public required RunStatus Status { get; init; }

    /// <summary>The exit code the worker returned with this record; a record whose code is not the process's is not trusted.</summary>
    public required int ExitCode { get; init; }

    /// <summary>
    /// Why: the message of the error the worker caught (bad input, a failed write, an unexpected exception), the
    /// divergence's cause, or who holds the member; null for a completed or interrupted run.
    /// </summary>
    public string? Cause { get; init; }

    /// <summary>The last step the member's run logged, when any.</summary>
    public long? LastStep { get; init; }

    /// <summary>Training speed from summary.json, for a completed run.</summary>
    public double? StepsPerSecond { get; init; }

    /// <summary>The worker's process id, for people reading the file.</summary>
    public int Pid { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>Statuses as the lower-case words the rest of the tool's files use ("completed", "failed").</summary>
    static readonly JsonSerializerOptions Options = new(ConfigJson.Options) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) } };

    /// <summary>A new attempt id: 16 hexadecimal digits, safe in a file name.</summary>
    public static string NewAttempt() => Guid.NewGuid().ToString("N")[..16];

    /// <summary>Whether <paramref name="attempt"/> looks like an id <see cref="NewAttempt"/> makes (it becomes part of a path).</summary>
    public static bool IsAttemptId(string? attempt) =>
        attempt is { Length: > 0 and <= 32 } && attempt.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>
    /// The record of an attempt that ends with <paramref name="exitCode"/> and <paramref name="status"/>, with the last step
    /// and (for a completed run) the speed read from the member's run directory as the attempt left it.
    /// </summary>
    public static WorkerOutcome Of(string attempt, RunStatus status, int exitCode, string? cause, string runPath) => new()
    {
        Attempt = attempt,
        Status = status,
        ExitCode = exitCode,
        Cause = cause,
        LastStep = Directory.Exists(runPath) ? RunState.Read(runPath).Step : null,
        StepsPerSecond = status == RunStatus.Completed ? ReadStepsPerSecond(runPath) : null,
        Pid = Environment.ProcessId,
        At = DateTimeOffset.Now,
    };

    /// <summary>"stepsPerSecond" from the run's summary.json, or null when it has none or cannot be read.</summary>
    public static double? ReadStepsPerSecond(string runPath)
    {
        try
        {
            var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(new RunDirectory(runPath).Summary));
            return summary?["stepsPerSecond"] is { } s ? (double)s : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Writes the record atomically: the sweep reads either no record or a complete one.</summary>
    public void Write(string path) => Output.AtomicFile.WriteAllText(path, ToJson());

    /// <summary>The record at <paramref name="path"/>, or null when there is none or it cannot be read as one.</summary>
    public static WorkerOutcome? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<WorkerOutcome>(File.ReadAllText(path), Options) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
