using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using RealGanLab.Configuration;
using RealGanLab.Data;
using RealGanLab.Output;
using RealGanLab.Training;
using Spectre.Console;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab train: trains the neural 2-D game under a config into a run directory (docs/design.md §5), with a
/// live probe, per-epoch samples and metrics, checkpoints, --resume, and clean stops on Ctrl-C / SIGTERM.
/// With no arguments it runs the built-in default (ring, consensus, probe on).
/// </summary>
public static class TrainCommand
{
    public static Command Create(Dictionary<string, string> overrides)
    {
        var config = CommonOptions.Config("configs/ring-consensus.json");
        var data = new Option<string?>("--data") { Description = "Dataset: ring, grid, file (game mlp); mnist, stacked-mnist (games dcgan, compression) (data:name)." };
        var rule = new Option<string?>("--rule") { Description = $"Update rule: {string.Join(", ", UpdateRules.Names)} (rule:name)." };
        var steps = new Option<int?>("--steps") { Description = "Training steps (train:steps); may be raised on --resume to train longer." };
        var seed = new Option<int?>("--seed") { Description = "Seed of initialisation, data order and every noise draw (seed)." };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or auto (device)." };
        var out_ = new Option<string?>("--out", "-o") { Description = "Run directory (default runs/<data>-<rule>-s<seed>-<time>)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its latest checkpoint; refused if the config differs (except train:steps)." };
        var force = new Option<bool>("--force") { Description = "Delete an existing, non-empty --out and start afresh." };
        var stopAt = new Option<long?>("--stop-at") { Description = "Checkpoint and stop (as if interrupted) when this step is reached; for tests and scripted pauses." };

        var command = new Command("train", "Train generator and discriminator under an update rule: MLPs on a 2-D Gaussian mixture (game mlp), " +
            "DCGAN players on MNIST or Stacked MNIST (game dcgan), or the compression game's encoder–decoder G (game compression); " +
            "writes config.json, metrics.jsonl, probe.jsonl, samples/, plots/, checkpoints/, tensorboard/, summary.json and DONE. " +
            "Exit codes: 0 done, 2 bad input or the run directory is being trained by another process, 3 diverged, " +
            "4 a write into the run directory failed (disk full; the newest checkpoint is intact, resume after freeing space), 130 interrupted (resumable). " + CommonOptions.OverrideHelp)
        {
            config, data, rule, steps, seed, device, out_, resume, force, stopAt,
        };
        command.SetAction(parse =>
        {
            var named = new Dictionary<string, string?>
            {
                ["data:name"] = parse.GetValue(data), ["rule:name"] = parse.GetValue(rule),
                ["train:steps"] = parse.GetValue(steps)?.ToString(CultureInfo.InvariantCulture),
                ["seed"] = parse.GetValue(seed)?.ToString(CultureInfo.InvariantCulture), ["device"] = parse.GetValue(device),
            };
            foreach (var (key, value) in named) if (value is not null) overrides[key] = value;
            return Run(parse.GetValue(config), overrides, parse.GetValue(out_), parse.GetValue(resume), parse.GetValue(force), parse.GetValue(stopAt));
        });
        return command;
    }

    /// <param name="configJson">A resolved config to start from instead of a file (a sweep member's), layered above train's defaults.</param>
    /// <param name="useEnvironment">Whether REALGANLAB_* variables override the config (not for sweep members: their config is the sweep's).</param>
    public static int Run(string? configFile, IReadOnlyDictionary<string, string> overrides, string? outDirectory, bool resume, bool force, long? stopAt,
        string? configJson = null, bool useEnvironment = true)
    {
        using var cancel = new CancellationTokenSource();
        ExperimentConfig config;
        ExperimentConfig? saved = null;
        RunDirectory run = null!;
        Trainer trainer;
        // The run lock (RunDirectory.Lock), held until this process ends, so that two processes never train one
        // directory. A resume takes it before the trainer reads or truncates anything; a new run after the
        // trainer is built (all input validated), just before the old directory's contents are deleted.
        FileLock? runLock = null;
        try
        {
            (config, saved, run) = resume ? ForResume(configFile, overrides, outDirectory, useEnvironment) : ForNewRun(configFile, overrides, outDirectory, force, configJson, useEnvironment);
            if (resume) runLock = Lock(run, outDirectory!);
            if (resume && File.Exists(run.Done))
            {
                // A completed run may be extended (more steps than its last checkpoint); otherwise there is nothing to do.
                var ended = File.ReadAllText(run.Done).Trim();
                if (!ended.StartsWith("completed") || !(config.Train.Steps > (TrainingState.LatestCheckpointStep(run) ?? long.MaxValue)))
                {
                    Console.WriteLine($"{run.Path} has already ended ({ended}); nothing to resume." +
                        (ended.StartsWith("completed") ? " Raise --steps to train longer." : ""));
                    runLock?.Abandon();
                    return ended.StartsWith("diverged") ? ExitCodes.Diverged : ExitCodes.Success;
                }
            }
            // Everything is validated (the game built, a checkpoint found) before anything is written or deleted.
            trainer = Trainer.Create(config, run, new TrainOptions { Resume = resume, StopAtStep = stopAt, Cancel = cancel.Token, Phases = PhaseReporter.ForConsole() });
            if (!resume)
            {
                try
                {
                    // The marker is the first thing written into the run directory: it proves the directory is the
                    // tool's, so a later --force or sweep restart may replace it. Its failure (a folder that cannot be
                    // created) is bad input, before anything else is written.
                    OwnershipMarker.Claim(run.Path, OwnershipMarker.Run, "--out");
                    runLock = Lock(run, outDirectory ?? run.Path);
                }
                catch
                {
                    trainer.Dispose();
                    throw;
                }
            }
        }
        catch (BadInputException e)
        {
            // Refused: the lock was taken for nothing, and the run directory is left as it was.
            runLock?.Abandon();
            return ConsoleReporter.BadInput(e);
        }
        catch (RunWriteException e)
        {
            runLock?.Dispose();
            return WriteFailed(e, run);
        }
        using var heldLock = runLock;
        // A new run replaces the old directory's contents, but not the lock file (deleting that while holding it
        // would let another process lock a new file of the same name) nor the marker; checked again under the lock.
        if (!resume)
        {
            try
            {
                run.ClearForNewRun("--out", ForceFix);
            }
            catch (BadInputException e)
            {
                trainer.Dispose();
                return ConsoleReporter.BadInput(e);
            }
        }
        if (resume && File.Exists(run.Done)) File.Delete(run.Done);

        // Ctrl-C and SIGTERM only raise a flag; the loop saves a checkpoint at the next step boundary and stops.
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; cancel.Cancel(); });
        try
        {
            using (trainer)
            {
                if (!resume) WriteConfig(config, run);
                else if (saved is not null && saved.Train.Steps != config.Train.Steps) WriteConfig(config, run, resumedFrom: saved.Train.Steps);
                var label = $"{config.Data.Name} · {config.Rule.Name} · seed {config.Seed}";
                Console.WriteLine($"run directory: {run.Path}{(resume ? $" (resuming at step {trainer.Step})" : "")}");
                var summary = TrainReporter.Run(label, config.Train.Steps, progress => trainer.Run(progress));
                Print(summary, run);
                return summary.Status switch
                {
                    "completed" => ExitCodes.Success,
                    "diverged" => ExitCodes.Diverged,
                    _ => ExitCodes.Interrupted,
                };
            }
        }
        catch (RunWriteException e)
        {
            return WriteFailed(e, run);
        }
        catch (IOException e)
        {
            // config.json and the folders, written here before training starts.
            return WriteFailed(RunWriteException.For(run, e), run);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>A failed write: what failed, what is intact, how to go on; no stack trace.</summary>
    static int WriteFailed(RunWriteException e, RunDirectory run)
    {
        Console.Error.WriteLine($"error: {e.Message}; free space and resume with realganlab train --out {run.Path} --resume");
        return ExitCodes.WriteFailed;
    }

    /// <summary>Takes the run's lock, or refuses (bad input, exit 2) naming the process that holds it.</summary>
    static FileLock Lock(RunDirectory run, string target) => FileLock.TryAcquire(run.Lock) ?? throw Busy(run, target);

    static BadInputException Busy(RunDirectory run, string target) =>
        new("--out", $"'{target}' is being trained by {FileLock.Owner(run.Lock) ?? "another process"}; wait for it or choose another --out.");

    /// <summary>What to do when --force is refused.</summary>
    const string ForceFix = "--force replaces only a run directory made by realganlab that holds nothing but its files. Choose another --out, " +
        "or move your files away (a run made before realganlab marked its directories: delete it by hand, or continue it with --resume).";

    static (ExperimentConfig, ExperimentConfig?, RunDirectory) ForNewRun(string? configFile, IReadOnlyDictionary<string, string> overrides, string? outDirectory, bool force,
        string? configJson, bool useEnvironment)
    {
        var config = CommandConfig.Resolve(ConfigPurpose.Train, configFile, overrides, useEnvironment, configJson);
        var target = outDirectory ?? Path.Combine("runs", RunDirectory.DefaultName(config, DateTimeOffset.Now));
        OutputPath.CheckDirectory(target, "--out");
        var run = new RunDirectory(target);
        if (FileLock.IsHeld(run.Lock)) throw Busy(run, target);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any(e => !RunDirectory.IsLockEntry(e)))
        {
            if (!force)
                throw new BadInputException("--out", $"'{target}' exists and is not empty; pass --resume to continue that run, --force to replace it, or choose another --out.");
            // --force replaces a run the tool made, never an arbitrary folder (--out . --force must not wipe the working directory).
            OwnershipMarker.EnsureReplaceable(run.Path, OwnershipMarker.Run, RunDirectory.IsToolEntry, "--out", ForceFix);
        }
        return (config, null, run);
    }

    /// <summary>The saved config, with the command line on top; any difference but train:steps refuses the resume.</summary>
    static (ExperimentConfig, ExperimentConfig?, RunDirectory) ForResume(string? configFile, IReadOnlyDictionary<string, string> overrides, string? outDirectory, bool useEnvironment)
    {
        if (outDirectory is null) throw new BadInputException("--out", "--resume needs the run directory: --out runs/<name>.");
        if (string.IsNullOrWhiteSpace(outDirectory)) throw new BadInputException("--out", "is empty; --resume needs the run directory: --out runs/<name>.");
        var run = new RunDirectory(outDirectory);
        if (FileLock.IsHeld(run.Lock)) throw Busy(run, outDirectory);
        if (!File.Exists(run.Config))
            throw new BadInputException("--out", $"'{outDirectory}' has no config.json, so it is not a run to resume; start it without --resume.");
        var file = RunConfigFile.Read(run, "--out");
        var saved = file.Config;
        var savedJson = file.ConfigJson;
        var config = CommandConfig.Resolve(ConfigPurpose.Train, configFile, overrides, useEnvironment, savedJson);
        var differences = ConfigDiff.Compare(saved, config).Where(d => d.Key != "train:steps").ToList();
        if (differences.Count > 0)
            throw new BadInputException(differences.Select(d => new InputIssue(d.Key,
                $"was {d.Before ?? "unset"} in the run, now {d.After ?? "unset"}. A resumed run keeps its config (only train:steps may change); start a new run with another --out.")).ToList());
        if (config.Train.Steps != saved.Train.Steps && config.Optimizer.Decay != "none")
            throw new BadInputException("train:steps", $"cannot change on resume ({saved.Train.Steps} → {config.Train.Steps}) while optimizer:decay is " +
                $"'{config.Optimizer.Decay}': the schedule's horizon is train:steps, so the learning rate would jump. Start a new run to train longer with decay.");
        CheckData(file, config);
        return (config, saved, run);
    }

    /// <summary>
    /// Refuses a resume whose data differs from what the run recorded (a mixture file edited, other MNIST files), listing
    /// each change; a run recorded before data was recorded resumes with a warning.
    /// </summary>
    static void CheckData(RunConfigFile file, ExperimentConfig config)
    {
        var current = DataFingerprint.Capture(config);
        if (DataFingerprint.FromProvenance(file.Provenance) is not { } recorded)
        {
            if (current.Count > 0)
                Console.Error.WriteLine($"warning: {file.Path} records no data identity (the run predates it), so the data could not be checked against what the run was trained on.");
            return;
        }
        var changes = DataFingerprint.Changes(recorded, current);
        if (changes.Count > 0)
            throw new BadInputException(changes.Select(c => new InputIssue("data", $"{c}. The run was trained on other data; " +
                "restore the original file to resume, or start a new run with another --out.")).ToList());
    }

    static void WriteConfig(ExperimentConfig config, RunDirectory run, int? resumedFrom = null)
    {
        run.Create();
        var provenance = Provenance.Capture(config.Seed, config.Device);
        var provenanceNode = JsonNode.Parse(ConfigJson.Serialize(provenance))!.AsObject();
        // What the data was: checked when the run resumes.
        provenanceNode["data"] = DataFingerprint.ToJson(DataFingerprint.Capture(config));
        var node = new JsonObject
        {
            ["config"] = JsonNode.Parse(ConfigJson.Serialize(config)),
            ["provenance"] = provenanceNode,
        };
        if (resumedFrom is int before && File.Exists(run.Config))
        {
            // Keep the original provenance; record the extension.
            var old = JsonNode.Parse(File.ReadAllText(run.Config))!.AsObject();
            node["provenance"] = old["provenance"]?.DeepClone();
            var extensions = old["extended"]?.DeepClone().AsArray() ?? [];
            extensions.Add(new JsonObject { ["from_steps"] = before, ["to_steps"] = config.Train.Steps, ["provenance"] = JsonNode.Parse(ConfigJson.Serialize(provenance)) });
            node["extended"] = extensions;
        }
        Output.AtomicFile.WriteAllText(run.Config, node.ToJsonString(ConfigJson.Options));
    }

    static void Print(RunSummary s, RunDirectory run)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn("");
        table.AddRow("status", Markup.Escape(s.Status + (s.Cause is null ? "" : $" at step {s.DivergedAtStep}: {s.Cause}")));
        table.AddRow("game", Markup.Escape($"{s.Game} ({s.ParameterCount:N0} parameters)"));
        table.AddRow("rule", Markup.Escape(s.Rule));
        table.AddRow("steps", Markup.Escape($"{s.Step} of {s.Steps}, epoch {s.Epoch}; {s.StepsPerSecond:0.#} steps/s; probe {s.ProbeShare:P1} of {s.Seconds:0.#} s"));
        if (s.Final is Metrics.ModeCoverageResult f) table.AddRow("mode metrics", Markup.Escape($"{f.Short} ({f.Samples} samples)"));
        if (s.Final is IReadOnlyDictionary<string, double> m)
            table.AddRow("image metrics", Markup.Escape(string.Join("  ", m.Select(kv => $"{kv.Key} {kv.Value:g4}"))));
        foreach (var (name, final) in s.Averaged ?? new Dictionary<string, object?>())
        {
            if (final is Metrics.ModeCoverageResult af) table.AddRow($"{name} mode metrics", Markup.Escape($"{af.Short} ({af.Samples} samples)"));
            if (final is IReadOnlyDictionary<string, double> am)
                table.AddRow($"{name} image metrics", Markup.Escape(string.Join("  ", am.Select(kv => $"{kv.Key} {kv.Value:g4}"))));
        }
        if (s.FinalProbe is { } p)
            table.AddRow("probe", Markup.Escape($"step {p["step"]}: max Re λ {p["max_real"]:g4}, max |Im λ| {p["max_abs_imag"]:g4}, ρ(update) {p["update_radius"]:0.######}" +
                (s.ProbeNote is null ? "" : $"; {s.ProbeNote}")));
        if (s.LatestCheckpoint is not null) table.AddRow("checkpoint", Markup.Escape(s.LatestCheckpoint));
        if (s.Status == "interrupted") table.AddRow("resume", Markup.Escape($"realganlab train --out {run.Path} --resume"));
        table.AddRow("outputs", Markup.Escape(run.Path));
        AnsiConsole.Write(table);
    }
}
