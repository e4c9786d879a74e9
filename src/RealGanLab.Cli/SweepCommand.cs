using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using RealGanLab.Configuration;
using RealGanLab.Output;
using RealGanLab.Sweeps;
using RealGanLab.Training;
using Spectre.Console;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab sweep FILE: expands a sweep file (configs/sweeps/) into members and runs them, each in its own worker
/// process, into runs/&lt;sweep name&gt;/&lt;member&gt;/; or, with --slurm, writes a Slurm job-array script that runs
/// the shards on a cluster. Reruns skip finished members and resume the others; the report is written when
/// every member has ended.
/// </summary>
public static class SweepCommand
{
    public static Command Create(Dictionary<string, string> overrides)
    {
        var file = new Argument<string>("FILE") { Description = "The sweep file, e.g. configs/sweeps/smoke.json." };
        var out_ = new Option<string?>("--out", "-o") { Description = "Sweep directory (default runs/<sweep name>)." };
        var workers = new Option<int>("--workers", "-j") { Description = "Members run at once, each in its own process (one GPU each when several are visible).", DefaultValueFactory = _ => 1 };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n (i/n, 0 ≤ i < n): the members whose index is i modulo n." };
        var retries = new Option<int>("--retries") { Description = "Retry a failed or crashed member this many times at once (default 0: record it; the next sweep retries it)." };
        var timeLimit = new Option<string?>("--member-time-limit") { Description = "Wall time one member may take, e.g. 90s, 45m, 2h: past it the worker is stopped (it checkpoints) and the member recorded as failed; the next sweep resumes it." };
        var list = new Option<bool>("--list") { Description = "List the members and their status; run nothing." };
        var noReport = new Option<bool>("--no-report") { Description = "Do not write the report when every member has ended." };
        var slurm = new Option<string?>("--slurm") { Description = "Write a Slurm job-array script (one array task per shard) to this file instead of running; submit it with sbatch." };
        var slurmShards = new Option<int?>("--slurm-shards") { Description = "Array tasks (default: one per member, at most 64)." };
        var slurmGpus = new Option<int?>("--slurm-gpus") { Description = "GPUs per array task (default: --workers when the members' device is cuda, else 0)." };
        var slurmTime = new Option<string>("--slurm-time") { Description = "Time limit per array task; SIGTERM comes 120 s before it, members checkpoint and the task requeues.", DefaultValueFactory = _ => "04:00:00" };
        var slurmPartition = new Option<string?>("--slurm-partition") { Description = "Partition (default: the cluster's)." };
        var slurmCpus = new Option<int?>("--slurm-cpus") { Description = "CPUs per array task (default 2 per worker)." };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or auto for every member (the config key device); cuda is checked here before any member starts." };
        var slurmMem = new Option<string?>("--slurm-mem") { Description = "Memory per array task, e.g. 16G (default: the partition's)." };

        var command = new Command("sweep", "Run a sweep: a base config, named axes of values (a cross-product; seeds are an axis) and explicit members, " +
            "each member trained by 'realganlab train' in its own process into <out>/<member>/. Finished members (DONE) are skipped, interrupted ones resumed from " +
            "their checkpoints; failed and crashed members are recorded (FAILED, logs/<member>.log) and the sweep goes on. A lock per member keeps two sweep processes " +
            "from running one member twice. Exit codes: 0 every member ended (completed or diverged) or is run elsewhere, 1 some failed or crashed, 2 bad input, " +
            "130 interrupted (rerun to resume). --section:key=value overrides apply to every member.")
        {
            file, out_, device, workers, shard, retries, timeLimit, list, noReport, slurm, slurmShards, slurmGpus, slurmTime, slurmPartition, slurmCpus, slurmMem,
        };
        command.SetAction(parse =>
        {
            try
            {
                if (parse.GetValue(device) is { } deviceName) overrides["device"] = deviceName;
                var plan = SweepPlan.Load(parse.GetValue(file)!, overrides);
                var outPath = parse.GetValue(out_) ?? Path.Combine("runs", plan.Name);
                OutputPath.CheckDirectory(outPath, "--out");
                var directory = new SweepDirectory(outPath);
                int w = parse.GetValue(workers);
                if (w < 1) throw new BadInputException("--workers", $"must be ≥ 1, not {w}.");
                if (parse.GetValue(retries) < 0) throw new BadInputException("--retries", "must be ≥ 0.");
                var shardSpec = parse.GetValue(shard) is { } s ? ShardSpec.Parse(s) : ShardSpec.All;
                if (parse.GetValue(list)) return List(plan, directory, shardSpec);
                if (parse.GetValue(slurm) is { } script)
                {
                    if (parse.GetValue(shard) is not null) throw new BadInputException("--shard", "does not go with --slurm: the job array runs every shard (--slurm-shards).");
                    if (parse.GetValue(slurmCpus) is < 1) throw new BadInputException("--slurm-cpus", "must be ≥ 1.");
                    if (parse.GetValue(slurmGpus) is < 0) throw new BadInputException("--slurm-gpus", "must be ≥ 0.");
                    if (!System.Text.RegularExpressions.Regex.IsMatch(parse.GetValue(slurmTime)!, @"^(\d+-)?\d+(:\d{1,2}){0,2}$"))
                        throw new BadInputException("--slurm-time", $"'{parse.GetValue(slurmTime)}' is not a Slurm time limit (minutes, MM:SS, HH:MM:SS or D-HH:MM:SS).");
                    var options = new SlurmOptions
                    {
                        Shards = parse.GetValue(slurmShards) ?? Math.Min(plan.Members.Count, 64),
                        WorkersPerTask = w,
                        GpusPerTask = parse.GetValue(slurmGpus) ?? (plan.Members.Any(m => m.Config.Device == "cuda") ? w : 0),
                        CpusPerTask = parse.GetValue(slurmCpus) ?? 2 * w,
                        Memory = parse.GetValue(slurmMem),
                        TimeLimit = parse.GetValue(slurmTime)!,
                        Partition = parse.GetValue(slurmPartition),
                    };
                    return WriteSlurm(plan, directory, parse.GetValue(file)!, overrides, options, script);
                }
                // Members asking for CUDA on a machine without it would each fail the same way: refuse once, here.
                // (Not for --slurm or --list above: the cluster's nodes are not this machine.)
                // The same for libtorch itself (an external build's --libtorch): refused here, exit 2, before the sweep
                // directory is written, rather than by every worker.
                Native.TorchRuntime.EnsureLoaded();
                if (plan.Members.FirstOrDefault(m => m.Config.Device == "cuda") is { } cudaMember)
                    Native.Devices.Resolve(cudaMember.Config.Device);
                var limit = parse.GetValue(timeLimit) is { } t ? ParseDuration(t) : (TimeSpan?)null;
                return Run(plan, directory, new SweepRunOptions
                {
                    Workers = w, Shard = shardSpec, Retries = parse.GetValue(retries), MemberTimeLimit = limit, ProgramCommand = ProgramCommand(),
                }, !parse.GetValue(noReport));
            }
            catch (BadInputException e)
            {
                return ConsoleReporter.BadInput(e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>90s, 45m, 2h or a number of seconds.</summary>
    static TimeSpan ParseDuration(string text)
    {
        var m = System.Text.RegularExpressions.Regex.Match(text.Trim(), @"^(\d+(?:\.\d+)?)\s*([smh]?)$");
        if (!m.Success || double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) <= 0)
            throw new BadInputException("--member-time-limit", $"'{text}' is not a duration such as 90s, 45m or 2h.");
        var x = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "m" => TimeSpan.FromMinutes(x), "h" => TimeSpan.FromHours(x), _ => TimeSpan.FromSeconds(x) };
    }

    /// <summary>How to start this program again: the apphost, or 'dotnet realganlab.dll' when run through dotnet.</summary>
    public static IReadOnlyList<string> ProgramCommand()
    {
        var process = Environment.ProcessPath ?? "realganlab";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, Assembly.GetEntryAssembly()!.Location]
            : [process];
    }

    static int Run(SweepPlan plan, SweepDirectory directory, SweepRunOptions options, bool report)
    {
        if (directory.Adopt(plan.ToManifest(), allowExtension: options.Shard.Count == 1) is { } problem) throw new BadInputException("--out", problem);
        var manifest = SweepManifest.Read(directory.Path);
        Console.WriteLine($"sweep directory: {directory.Path}");

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        IReadOnlyList<MemberOutcome> outcomes;
        try
        {
            var gate = new object();
            outcomes = new SweepRunner(directory, manifest, options, line => { lock (gate) Console.WriteLine(line); }).Run(stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        PrintOutcomes(outcomes);
        var states = manifest.Members.Select(m => RunState.Read(directory.Member(m.Name))).ToList();
        bool allEnded = states.All(s => s.IsEnded);
        if (allEnded && report && !stop.IsCancellationRequested) WriteReport(directory.Path);
        else if (!allEnded)
            Console.WriteLine($"{states.Count(s => s.IsEnded)} of {states.Count} members have ended; the report is written when all have " +
                $"(or now: realganlab report {directory.Path}).");
        if (stop.IsCancellationRequested || outcomes.Any(o => o.Status == RunStatus.Interrupted))
        {
            Console.WriteLine($"interrupted; rerun the same command to resume.");
            return ExitCodes.Interrupted;
        }
        return outcomes.Any(o => o.IsFailure) ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>The report, when the report command is available (a failure here never fails the sweep: its runs are safe).</summary>
    static void WriteReport(string directory)
    {
        try
        {
            var outputs = Sweeps.Reports.SweepReportWriter.Write(Sweeps.Reports.SweepReport.Load(directory), directory, DateTimeOffset.Now);
            Console.WriteLine($"every member has ended; report: {outputs.Html} (also {Path.GetFileName(outputs.SummaryMarkdown)}, {Path.GetFileName(outputs.SummaryCsv)})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadInputException or InvalidOperationException)
        {
            Console.Error.WriteLine($"warning: the report could not be written ({e.Message}); the runs are complete. Retry with: realganlab report {directory}");
        }
    }

    static void PrintOutcomes(IReadOnlyList<MemberOutcome> outcomes)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("member").AddColumn("outcome").AddColumn(new TableColumn("s").RightAligned()).AddColumn("detail");
        foreach (var o in outcomes)
            table.AddRow(Markup.Escape(o.Name), Markup.Escape(o.Text),
                o.Seconds > 0 ? o.Seconds.ToString("0.#", CultureInfo.InvariantCulture) : "", Markup.Escape(o.Detail is { Length: > 160 } d ? d[..160] + "…" : o.Detail ?? ""));
        AnsiConsole.Write(table);
        var counts = outcomes.GroupBy(o => o.Text).Select(g => $"{g.Count()} {g.Key}");
        Console.WriteLine(string.Join(", ", counts));
    }

    static int List(SweepPlan plan, SweepDirectory directory, ShardSpec shard)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("#").AddColumn("member").AddColumn("group").AddColumn("seed").AddColumn("status");
        for (int i = 0; i < plan.Members.Count; i++)
        {
            if (!shard.Contains(i)) continue;
            var m = plan.Members[i];
            var state = RunState.Read(directory.Member(m.Name));
            table.AddRow(i.ToString(CultureInfo.InvariantCulture), Markup.Escape(m.Name), Markup.Escape(m.Group), m.Config.Seed.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(state.Status.ToString().ToLowerInvariant() + (state.Step is long s && state.Steps is long n ? $" {s}/{n}" : "")));
        }
        AnsiConsole.Write(table);
        Console.WriteLine($"sweep '{plan.Name}': {plan.Members.Count} members; directory {directory.Path}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Refuses a --slurm target that would overwrite something that is not a script this tool wrote: an input of the
    /// command (the sweep file, its base config, a member's data file, the sweep's manifest, the program itself), a
    /// folder, or any other existing file. Checked before anything is written.
    /// </summary>
    static void CheckScriptTarget(SweepPlan plan, SweepDirectory directory, string file, string script)
    {
        if (string.IsNullOrWhiteSpace(script)) throw new BadInputException("--slurm", "is empty; give the script's file name, e.g. --slurm sweep.sbatch.");
        var inputs = new List<(string, string)> { (file, "the sweep file"), (SweepManifest.PathIn(directory.Path), "the sweep's manifest") };
        if (plan.BaseFile is { } baseFile) inputs.Add((baseFile, "the sweep's base config"));
        inputs.AddRange(plan.Members.Select(m => m.Config.Data.File).OfType<string>().Distinct().Select(f => (f, $"a member's data file (data:file)")));
        inputs.AddRange(ProgramCommand().Select(p => (p, "part of the realganlab program")));
        OutputPath.CheckNotAnInput(script, "--slurm", inputs);
        var full = Path.GetFullPath(script);
        if (Directory.Exists(full)) throw new BadInputException("--slurm", $"'{script}' is a folder; give the script's file name, e.g. {Path.Combine(script, plan.Name + ".sbatch")}.");
        if (File.Exists(full) && !SlurmScript.IsWrittenByThisTool(full))
            throw new BadInputException("--slurm", $"'{script}' exists and is not a Slurm script written by realganlab sweep --slurm; it would be overwritten. " +
                "Nothing was written. Choose another file name, or move that file away first.");
        var parent = Path.GetDirectoryName(full)!;
        OutputPath.CheckDirectory(parent, "--slurm");
    }

    static int WriteSlurm(SweepPlan plan, SweepDirectory directory, string file, IReadOnlyDictionary<string, string> overrides, SlurmOptions options, string script)
    {
        if (options.Shards < 1) throw new BadInputException("--slurm-shards", "must be ≥ 1.");
        CheckScriptTarget(plan, directory, file, script);
        // The manifest is written now, so the shards agree on the members even if the sweep file changes before they start.
        if (directory.Adopt(plan.ToManifest()) is { } problem) throw new BadInputException("--out", problem);
        var arguments = new List<string> { Path.GetFullPath(file), "--out", directory.Path, "--workers", options.WorkersPerTask.ToString(CultureInfo.InvariantCulture) };
        arguments.AddRange(overrides.Select(kv => $"--{kv.Key}={kv.Value}"));
        var logs = Path.Combine(directory.Path, "logs");
        Directory.CreateDirectory(logs);
        var text = SlurmScript.Render(plan.Name, ProgramCommand().Select(Path.GetFullPath).ToList(), arguments, Directory.GetCurrentDirectory(), logs, options);
        var target = Path.GetFullPath(script);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Output.AtomicFile.WriteAllText(target, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
        Console.WriteLine($"wrote {target}: a job array of {options.Shards} task{(options.Shards == 1 ? "" : "s")} for {plan.Members.Count} members of '{plan.Name}' into {directory.Path}");
        Console.WriteLine($"submit with: sbatch {target}");
        Console.WriteLine($"then watch: realganlab runs {directory.Path}    report: realganlab report {directory.Path}");
        return ExitCodes.Success;
    }
}
