using RealGanLab.Training;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RealGanLab.Native;
using RealGanLab.Output;

namespace RealGanLab.Sweeps;

/// <summary>
/// Runs a sweep's members (those of this process's shard) in worker processes, <see cref="SweepRunOptions.Workers"/>
/// at a time. Each member runs in its own process ('realganlab sweep-worker DIR MEMBER'), so a native abort
/// (TorchSharp aborts the process on some libtorch errors) kills only that member. Members that have DONE are
/// skipped; members whose lock another process holds are left to it; the worker itself resumes a member from
/// its checkpoint. Each worker reports how its attempt ended in an outcome record (<see cref="WorkerOutcome"/>), read by
/// <see cref="MemberClassifier"/>, which falls back to the exit code and the log only for a worker that died without
/// writing one. A member whose process fails or crashes gets a FAILED record with the cause, and the sweep goes on.
/// On SIGTERM / Ctrl-C (the token given to Run) the workers get SIGTERM, save checkpoints and stop.
/// This class does no tensor work, so it may use threads freely.
/// </summary>
public sealed class SweepRunner(SweepDirectory directory, SweepManifest manifest, SweepRunOptions options, Action<string> log)
{
    int finished;
    readonly MemberClassifier classifier = new(directory);

    public IReadOnlyList<MemberOutcome> Run(CancellationToken stop)
    {
        var selected = manifest.Members.Where((_, i) => options.Shard.Contains(i)).ToList();
        var outcomes = new ConcurrentDictionary<string, MemberOutcome>();
        var queue = new ConcurrentQueue<SweepManifestMember>();
        foreach (var member in selected)
        {
            var state = RunState.Read(directory.Member(member.Name));
            if (state.IsEnded) outcomes[member.Name] = new MemberOutcome(member.Name, state.Status, Detail: state.Status.ToString().ToLowerInvariant(), AlreadyEnded: true);
            else if (state.Status == RunStatus.Running || FileLock.IsHeld(directory.Lock(member.Name))) outcomes[member.Name] = new MemberOutcome(member.Name, RunStatus.Running, Detail: state.Detail ?? FileLock.Owner(directory.Lock(member.Name)));
            else queue.Enqueue(member);
        }
        var total = selected.Count;
        finished = outcomes.Count;
        log($"sweep '{manifest.Name}': {total} member{(total == 1 ? "" : "s")}" + (options.Shard.Count > 1 ? $" in shard {options.Shard} of {manifest.Members.Count}" : "") +
            $"; {outcomes.Values.Count(o => o.AlreadyEnded)} already ended, {outcomes.Values.Count(o => o.Status == RunStatus.Running)} running elsewhere, " +
            $"{queue.Count} to run with {Workers(queue.Count)} worker{(Workers(queue.Count) == 1 ? "" : "s")}");

        // nvidia-smi only when a member may use a GPU and there is more than one worker to give GPUs to.
        var gpus = options.Workers > 1 && manifest.Members.Any(m => (string?)m.Config["device"] is "cuda" or "auto") ? GpuInventory.Visible() : [];
        var running = new ConcurrentDictionary<int, (string Member, Stopwatch Clock)>();
        var threads = Enumerable.Range(0, Math.Min(options.Workers, queue.Count)).Select(slot => new Thread(() =>
        {
            while (!stop.IsCancellationRequested && queue.TryDequeue(out var member))
            {
                running[slot] = (member.Name, Stopwatch.StartNew());
                MemberOutcome outcome;
                try
                {
                    outcome = RunMember(member, slot, gpus, stop);
                }
                catch (Exception e)
                {
                    // One member's trouble (a full disk under its log, no process slots) must not end the sweep
                    // and orphan the other workers.
                    outcome = new MemberOutcome(member.Name, RunStatus.Failed, Detail: $"the sweep could not run it: {e.Message}");
                }
                running.TryRemove(slot, out _);
                outcomes[member.Name] = outcome;
                var done = Interlocked.Increment(ref finished);
                log($"[{done}/{total}] {member.Name}: {Describe(outcome)}");
            }
        }) { IsBackground = true, Name = $"sweep worker {slot}" }).ToList();
        foreach (var t in threads) t.Start();
        while (threads.Any(t => t.IsAlive))
        {
            foreach (var t in threads) t.Join(options.ProgressInterval > TimeSpan.Zero ? TimeSpan.FromMilliseconds(200) : Timeout.InfiniteTimeSpan);
            if (ProgressDue() && !running.IsEmpty)
                log("running: " + string.Join("; ", running.Values.Select(r => $"{r.Member} {Progress(r.Member)} ({r.Clock.Elapsed.TotalSeconds:0} s)")));
        }
        foreach (var member in queue) outcomes[member.Name] = new MemberOutcome(member.Name, RunStatus.Pending);
        return selected.Select(m => outcomes[m.Name]).ToList();
    }

    int Workers(int queued) => Math.Max(1, Math.Min(options.Workers, queued));

    readonly Stopwatch sinceProgress = Stopwatch.StartNew();

    bool ProgressDue()
    {
        if (options.ProgressInterval <= TimeSpan.Zero || sinceProgress.Elapsed < options.ProgressInterval) return false;
        sinceProgress.Restart();
        return true;
    }

    string Progress(string member)
    {
        var state = RunState.Read(directory.Member(member));
        return state.Step is long s && state.Steps is long n ? $"step {s}/{n}" : "starting";
    }

    MemberOutcome RunMember(SweepManifestMember member, int slot, IReadOnlyList<string> gpus, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        MemberOutcome outcome = new(member.Name, RunStatus.Pending);
        string? cause = null;
        for (int attempt = 1; attempt <= 1 + options.Retries && !stop.IsCancellationRequested; attempt++)
        {
            // A fresh id per attempt names the worker's outcome record, so no earlier record is read as this one's.
            var id = WorkerOutcome.NewAttempt();
            var (code, timedOut) = RunWorker(member, slot, attempt, id, gpus, stop);
            (outcome, cause) = classifier.Classify(member.Name, id, code);
            outcome = outcome with { Seconds = clock.Elapsed.TotalSeconds, Attempts = attempt };
            if (timedOut)
            {
                // A wedged or too slow member: stopped like an interrupt (it checkpoints if it can), recorded as failed.
                outcome = outcome with
                {
                    Status = RunStatus.Failed,
                    Detail = $"exceeded the member time limit of {options.MemberTimeLimit}; " +
                        (code == ExitCodes.Interrupted ? "its checkpoint was saved and the next sweep resumes it" : $"it did not stop cleanly (exit {code})"),
                };
                cause = outcome.Detail;
                break;
            }
            // A worker stopped by our own SIGTERM before it could install its handler (still starting up) was
            // interrupted, not crashed.
            if (stop.IsCancellationRequested && code == 128 + PosixSignals.SIGTERM)
                return outcome with { Status = RunStatus.Interrupted, Detail = "stopped while starting; the next sweep resumes it" };
            if (!outcome.IsFailure) return outcome;
            // A full disk does not get better by retrying at once.
            if (code == ExitCodes.WriteFailed) break;
            if (attempt <= options.Retries) log($"{member.Name}: {Describe(outcome)}; retrying ({attempt}/{options.Retries})");
        }
        if (outcome.IsFailure) Record(member, outcome, cause!);
        return outcome;
    }

    /// <returns>The worker's exit code, and whether it was stopped for exceeding the member time limit.</returns>
    (int Code, bool TimedOut) RunWorker(SweepManifestMember member, int slot, int attempt, string id, IReadOnlyList<string> gpus, CancellationToken stop)
    {
        var logPath = directory.Log(member.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        File.AppendAllText(logPath, $"==== attempt {attempt} of {member.Name} · {DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)} · worker {slot} of sweep pid {Environment.ProcessId} ====\n");

        // The shell only redirects the worker's stdout and stderr (native aborts print to fd 2) into the member's
        // log and then becomes the worker (exec), so the exit status and signals are the worker's own.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in (string[])["-c", "exec \"$@\" >>\"$RGL_WORKER_LOG\" 2>&1", "sh", .. options.ProgramCommand, "sweep-worker", directory.Path, member.Name])
            start.ArgumentList.Add(a);
        start.Environment["RGL_WORKER_LOG"] = logPath;
        start.Environment[WorkerOutcome.AttemptVariable] = id;
        // Workers share the cores: libtorch would otherwise start one thread per core in each of them.
        var threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, options.Workers)).ToString(CultureInfo.InvariantCulture);
        if (Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is null) start.Environment["OMP_NUM_THREADS"] = threads;
        if (Environment.GetEnvironmentVariable("MKL_NUM_THREADS") is null) start.Environment["MKL_NUM_THREADS"] = threads;
        if (gpus.Count > 1 && options.Workers > 1) start.Environment["CUDA_VISIBLE_DEVICES"] = gpus[slot % gpus.Count];
        foreach (var (k, v) in options.Environment ?? new Dictionary<string, string>()) start.Environment[k] = v;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a sweep worker");
        bool timedOut = false;
        using (stop.Register(() => PosixSignals.Send(process.Id, PosixSignals.SIGTERM)))
        {
            if (options.MemberTimeLimit is TimeSpan limit && !process.WaitForExit(limit))
            {
                timedOut = true;
                PosixSignals.Send(process.Id, PosixSignals.SIGTERM);
                if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill();
            }
            process.WaitForExit();    // the registration ends before the pid could be reused
        }
        return (process.ExitCode, timedOut);
    }

    /// <summary>Writes FAILED into the member's directory, unless another process has taken the member over meanwhile.</summary>
    void Record(SweepManifestMember member, MemberOutcome outcome, string cause)
    {
        using var held = FileLock.TryAcquire(directory.Lock(member.Name));
        if (held is null) return;
        var path = directory.Member(member.Name);
        if (File.Exists(new Training.RunDirectory(path).Done)) return;    // another process finished it meanwhile
        // A member that failed before its run directory existed: the directory is the tool's, marked first.
        if (!Directory.Exists(path)) OwnershipMarker.Claim(path, OwnershipMarker.Run, "MEMBER");
        int? signal = outcome.Status == RunStatus.Crashed ? outcome.ExitCode - 128 : null;
        new FailureRecord
        {
            Status = outcome.Status == RunStatus.Crashed ? "crashed" : "failed",
            ExitCode = outcome.ExitCode,
            Signal = signal is int s ? PosixSignals.Name(s) : null,
            Cause = cause,
            Log = Path.GetRelativePath(directory.Path, directory.Log(member.Name)),
            LastStep = RunState.Read(path).Step,
            At = DateTimeOffset.Now,
        }.Write(path);
    }

    static string Describe(MemberOutcome o) =>
        o.Text + (o.Seconds > 0 ? $" in {o.Seconds:0.#} s" : "") + (o.Detail is null ? "" : $" ({o.Detail})");
}
