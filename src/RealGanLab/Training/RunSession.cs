using System.Text.Json.Nodes;
using RealGanLab.Configuration;
using RealGanLab.Data;
using RealGanLab.Output;

namespace RealGanLab.Training;

/// <summary>
/// One run's life in a run directory, top to bottom: resolve the config (a new run's from its file, a resumed run's
/// from the saved one, refusing any difference but train:steps and any change of the data), lock the directory, build
/// the trainer (which restores the checkpoint), claim and clear the directory of a new run, write config.json with its
/// provenance (an extension is recorded beside the original), train, and let the trainer write the summary and DONE.
/// Nothing is written or deleted before everything is validated. Bad input is a <see cref="BadInputException"/>
/// (nothing changed); a failed write a <see cref="RunWriteException"/> (the newest checkpoint intact). The caller
/// parses options, reports and maps the outcome to an exit code.
/// </summary>
public sealed class RunSession : IDisposable
{
    /// <summary>What to do when --force is refused.</summary>
    public const string ForceFix = "--force replaces only a run directory made by realganlab that holds nothing but its files. Choose another --out, " +
        "or move your files away (a run made before realganlab marked its directories: delete it by hand, or continue it with --resume).";

    readonly Trainer? trainer;
    readonly FileLock? runLock;

    RunSession(RunDirectory run, ExperimentConfig config, bool resumed, Trainer? trainer, FileLock? runLock, (RunStatus? Status, string Text)? ended)
    {
        Run = run;
        Config = config;
        Resumed = resumed;
        this.trainer = trainer;
        this.runLock = runLock;
        AlreadyEnded = ended;
    }

    public RunDirectory Run { get; }

    public ExperimentConfig Config { get; }

    public bool Resumed { get; }

    /// <summary>The step training starts from (a resumed run's checkpoint).</summary>
    public long Step => trainer?.Step ?? 0;

    /// <summary>How a resumed run had already ended, and DONE's text, when it is not extended: there is nothing to train.</summary>
    public (RunStatus? Status, string Text)? AlreadyEnded { get; }

    /// <summary>Opens the run, ready to train. <paramref name="warn"/> receives warnings (a run that predates its data record).</summary>
    public static RunSession Open(RunRequest request, Action<string> warn)
    {
        ExperimentConfig config;
        ExperimentConfig? saved = null;
        RunDirectory run = null!;
        Trainer? trainer = null;
        // The run lock (RunDirectory.Lock), held until the session ends, so that two processes never train one
        // directory. A resume takes it before the trainer reads or truncates anything; a new run after the
        // trainer is built (all input validated), just before the old directory's contents are deleted.
        FileLock? runLock = null;
        try
        {
            (config, saved, run) = request.Resume ? ForResume(request, warn) : ForNewRun(request);
            if (request.Resume) runLock = Lock(run, request.OutDirectory!);
            if (request.Resume && run.ReadDone() is { } ended)
            {
                // A completed run may be extended (more steps than its last checkpoint); otherwise there is nothing to do.
                if (ended.Status != RunStatus.Completed || !(config.Train.Steps > (TrainingState.LatestCheckpointStep(run) ?? long.MaxValue)))
                {
                    runLock?.Abandon();
                    return new RunSession(run, config, resumed: true, trainer: null, runLock: null, ended);
                }
            }
            // Everything is validated (the game built, a checkpoint found) before anything is written or deleted.
            trainer = Trainer.Create(config, run, new TrainOptions { Resume = request.Resume, StopAtStep = request.StopAt, Cancel = request.Cancel, Phases = request.Phases });
            if (!request.Resume)
            {
                // The marker is the first thing written into the run directory: it proves the directory is the
                // tool's, so a later --force or sweep restart may replace it. Its failure (a folder that cannot be
                // created) is bad input, before anything else is written.
                OwnershipMarker.Claim(run.Path, OwnershipMarker.Run, "--out");
                runLock = Lock(run, request.OutDirectory ?? run.Path);
                // A new run replaces the old directory's contents, but not the lock file (deleting that while holding it
                // would let another process lock a new file of the same name) nor the marker; checked again under the lock.
                run.ClearForNewRun("--out", ForceFix);
            }
            else if (File.Exists(run.Done)) File.Delete(run.Done);

            try
            {
                if (!request.Resume) WriteConfig(config, run, initialWeights: trainer.InitialWeights);
                else if (saved is not null && saved.Train.Steps != config.Train.Steps) WriteConfig(config, run, resumedFrom: saved.Train.Steps);
            }
            catch (IOException e) when (e is not RunWriteException)
            {
                throw RunWriteException.For(run, e);
            }
            return new RunSession(run, config, request.Resume, trainer, runLock, ended: null);
        }
        catch (BadInputException)
        {
            // Refused: the lock was taken for nothing, and the run directory is left as it was.
            trainer?.Dispose();
            runLock?.Abandon();
            throw;
        }
        catch
        {
            trainer?.Dispose();
            runLock?.Dispose();
            throw;
        }
    }

    /// <summary>Trains to train:steps, a stop or divergence; the trainer writes the summary and, unless interrupted, DONE.</summary>
    public RunSummary Train(IProgress<TrainProgress>? progress) =>
        (trainer ?? throw new InvalidOperationException($"{Run.Path} has already ended ({AlreadyEnded?.Text})")).Run(progress);

    static FileLock Lock(RunDirectory run, string target) => FileLock.TryAcquire(run.Lock) ?? throw Busy(run, target);

    static BadInputException Busy(RunDirectory run, string target) =>
        new("--out", $"'{target}' is being trained by {FileLock.Owner(run.Lock) ?? "another process"}; wait for it or choose another --out.");

    static (ExperimentConfig, ExperimentConfig?, RunDirectory) ForNewRun(RunRequest r)
    {
        var config = CommandConfig.Resolve(ConfigPurpose.Train, r.ConfigFile, r.Overrides, r.UseEnvironment, r.ConfigJson);
        var target = r.OutDirectory ?? Path.Combine("runs", RunDirectory.DefaultName(config, DateTimeOffset.Now));
        OutputPath.CheckDirectory(target, "--out");
        var run = new RunDirectory(target);
        if (FileLock.IsHeld(run.Lock)) throw Busy(run, target);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any(e => !RunDirectory.IsLockEntry(e)))
        {
            if (!r.Force)
                throw new BadInputException("--out", $"'{target}' exists and is not empty; pass --resume to continue that run, --force to replace it, or choose another --out.");
            // --force replaces a run the tool made, never an arbitrary folder (--out . --force must not wipe the working directory).
            OwnershipMarker.EnsureReplaceable(run.Path, OwnershipMarker.Run, RunDirectory.IsToolEntry, "--out", ForceFix);
        }
        return (config, null, run);
    }

    /// <summary>The saved config, with the command line on top; any difference but train:steps refuses the resume.</summary>
    static (ExperimentConfig, ExperimentConfig?, RunDirectory) ForResume(RunRequest r, Action<string> warn)
    {
        if (r.OutDirectory is null) throw new BadInputException("--out", "--resume needs the run directory: --out runs/<name>.");
        if (string.IsNullOrWhiteSpace(r.OutDirectory)) throw new BadInputException("--out", "is empty; --resume needs the run directory: --out runs/<name>.");
        var run = new RunDirectory(r.OutDirectory);
        if (FileLock.IsHeld(run.Lock)) throw Busy(run, r.OutDirectory);
        if (!File.Exists(run.Config))
            throw new BadInputException("--out", $"'{r.OutDirectory}' has no config.json, so it is not a run to resume; start it without --resume.");
        var file = RunConfigFile.Read(run, "--out");
        var saved = file.Config;
        var config = CommandConfig.Resolve(ConfigPurpose.Train, r.ConfigFile, r.Overrides, r.UseEnvironment, file.ConfigJson);
        var differences = ConfigDiff.Compare(saved, config).Where(d => d.Key != "train:steps").ToList();
        if (differences.Count > 0)
            throw new BadInputException(differences.Select(d => new InputIssue(d.Key,
                $"was {d.Before ?? "unset"} in the run, now {d.After ?? "unset"}. A resumed run keeps its config (only train:steps may change); start a new run with another --out.")).ToList());
        if (config.Train.Steps != saved.Train.Steps && config.Optimizer.Decay != "none")
            throw new BadInputException("train:steps", $"cannot change on resume ({saved.Train.Steps} → {config.Train.Steps}) while optimizer:decay is " +
                $"'{config.Optimizer.Decay}': the schedule's horizon is train:steps, so the learning rate would jump. Start a new run to train longer with decay.");
        CheckData(file, config, warn);
        return (config, saved, run);
    }

    /// <summary>
    /// Refuses a resume whose data differs from what the run recorded (a mixture file edited, other MNIST files), listing
    /// each change; a run recorded before data was recorded resumes with a warning.
    /// </summary>
    static void CheckData(RunConfigFile file, ExperimentConfig config, Action<string> warn)
    {
        var current = DataFingerprint.Capture(config);
        if (DataFingerprint.FromProvenance(file.Provenance) is not { } recorded)
        {
            if (current.Count > 0)
                warn($"{file.Path} records no data identity (the run predates it), so the data could not be checked against what the run was trained on.");
            return;
        }
        var changes = DataFingerprint.Changes(recorded, current);
        if (changes.Count > 0)
            throw new BadInputException(changes.Select(c => new InputIssue("data", $"{c}. The run was trained on other data; " +
                "restore the original file to resume, or start a new run with another --out.")).ToList());
    }

    /// <summary>config.json of a new run directory that is not trained here (probe --init-from), with its provenance.</summary>
    public static void WriteNewConfig(ExperimentConfig config, RunDirectory run, Interop.InitialWeights? initialWeights) =>
        WriteConfig(config, run, initialWeights: initialWeights);

    /// <summary>config.json: the resolved config and its provenance, with the data's identity; an extension keeps the original provenance.</summary>
    /// <param name="initialWeights">The PyTorch weights a new run starts from: recorded with their SHA-256s.</param>
    static void WriteConfig(ExperimentConfig config, RunDirectory run, int? resumedFrom = null, Interop.InitialWeights? initialWeights = null)
    {
        run.Create();
        var provenance = Provenance.Capture(config.Seed, config.Device);
        var provenanceNode = JsonNode.Parse(ConfigJson.Serialize(provenance))!.AsObject();
        // What the data was: checked when the run resumes.
        provenanceNode["data"] = DataFingerprint.ToJson(DataFingerprint.Capture(config));
        if (initialWeights is not null) provenanceNode["init_from"] = initialWeights.ToJson();
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
        AtomicFile.WriteAllText(run.Config, node.ToJsonString(ConfigJson.Options));
    }

    public void Dispose()
    {
        trainer?.Dispose();
        runLock?.Dispose();
    }
}
