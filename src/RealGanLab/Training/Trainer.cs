using System.Diagnostics;
using System.Text.Json.Nodes;
using RealGanLab.Checkpoints;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Metrics;
using RealGanLab.Numerics;
using RealGanLab.Optimizers;
using RealGanLab.Output;
using RealGanLab.Rules;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// The training loop (docs/design.md §3), top to bottom: draw batch → rule step → log → (every N) probe →
/// (every epoch) samples and metrics → checkpoint. It owns divergence detection, checkpoints and resume.
/// One seeded generator drives every training batch, so a run resumed from a checkpoint (which stores that
/// generator's state) repeats the uninterrupted run exactly on the CPU.
/// </summary>
public sealed class Trainer : IDisposable
{
    readonly ExperimentConfig config;
    readonly RunDirectory run;
    readonly TrainOptions options;
    readonly GanGame game;
    readonly IRunEvaluation evaluation;
    readonly IUpdateRule rule;
    readonly PlayerOptimizers optimizers;
    readonly Generator dataRng;
    readonly Tensor fixedNoise;
    readonly GameBatch probeBatch;
    readonly CheckpointStore checkpoints;
    readonly string title;
    readonly FaultInjection? fault;
    /// <summary>Averages of G's iterates (averaging:*), evaluated beside G every epoch; empty when averaging is off.</summary>
    readonly List<GeneratorAverage> averages;
    long step;
    /// <summary>The step of the state last saved to, or restored from, a checkpoint; null before either.</summary>
    long? checkpointStep;
    int epoch;
    double stepSeconds, probeSeconds;
    ProbeReading? lastProbe;

    Trainer(ExperimentConfig config, RunDirectory run, TrainOptions options, GanGame game)
    {
        this.config = config;
        this.run = run;
        this.options = options;
        this.game = game;
        rule = UpdateRules.Create(config.Rule, config.Optimizer);
        optimizers = OptimizerFactory.Create(config.Optimizer, game);
        dataRng = new Generator(RandomStreams.Seed(config.Seed, RandomStreams.Training));
        // Separate streams for the fixed noise and the probe batch: neither may shift the training batches.
        using (var noiseRng = new Generator(RandomStreams.Seed(config.Seed, RandomStreams.FixedNoise)))
        {
            fixedNoise = game.FixedGeneratorInputs(config.Train.EvalSamples, noiseRng);
            fixedNoise.DetachFromDisposeScope();
        }
        using (var probeRng = new Generator(RandomStreams.Seed(config.Seed, RandomStreams.ProbeBatch)))
        using (var scope = NewDisposeScope())
            probeBatch = game.SampleBatch(ProbeBatchSize(config, game), probeRng, 0).KeepAlive();
        checkpoints = new CheckpointStore(run.Checkpoints);
        averages = GeneratorAverage.FromConfig(config.Averaging, game.GeneratorNetwork.parameters().ToList());
        fault = FaultInjection.FromEnvironment(run.Path);
        title = $"{game.Title} · {rule.Title} · {config.Optimizer.Name} lr={config.Optimizer.Lr:g3} · seed {config.Seed}";
        evaluation = game switch
        {
            MixtureGan mixture => new MixtureRunEvaluation(mixture, run, config.Seed),
            ImageGan images => ImageRunEvaluation.Create(images, run, config, options.Phases),
            _ => throw new ArgumentException($"no epoch evaluation for {game.Title}"),
        };
    }

    /// <summary>The probe batch is a whole number of packs in each part the rule's estimator cuts it into (split: 2).</summary>
    static int ProbeBatchSize(ExperimentConfig config, GanGame game)
    {
        int unit = (game is MixtureGan m ? m.Pack : 1) * (Estimators.FieldNormEstimators.ForRule(config.Rule)?.Parts ?? 1);
        return Math.Max(unit, config.Probe.BatchSize / unit * unit);
    }

    /// <summary>Builds the game and the trainer, restoring the latest checkpoint when resuming.</summary>
    public static Trainer Create(ExperimentConfig config, RunDirectory run, TrainOptions options)
    {
        // Before anything is allocated: sizes that cannot fit are refused here, not by the kernel half-way through a run.
        MemoryEstimate.EnsureFits(config, probe: config.Train.ProbeEvery > 0);
        var built = GameFactory.Create(config);
        if (built is not (MixtureGan or ImageGan))
        {
            built.Dispose();
            throw new ConfigException("game:name", $"'train' trains neural games (mlp, dcgan, compression); '{config.Game.Name}' is analytic — use 'realganlab field' for it.");
        }
        var game = (GanGame)built;
        Trainer trainer;
        try
        {
            trainer = new Trainer(config, run, options, game);
        }
        catch
        {
            game.Dispose();
            throw;
        }
        try
        {
            if (options.Resume) trainer.Restore();
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
        return trainer;
    }

    public long Step => step;

    /// <summary>
    /// Trains to train:steps (or a stop or divergence). A failed write into the run directory ends the run at
    /// once, without DONE, as a <see cref="RunWriteException"/> naming the file and the checkpoint that is intact.
    /// </summary>
    public RunSummary Run(IProgress<TrainProgress>? progress = null)
    {
        try
        {
            return Train(progress);
        }
        catch (IOException e) when (e is not RunWriteException)
        {
            throw RunWriteException.For(run, e);
        }
    }

    RunSummary Train(IProgress<TrainProgress>? progress)
    {
        var wall = Stopwatch.StartNew();
        using var metrics = new JsonLines(run.Metrics);
        using var probes = new JsonLines(run.Probe);
        var tensorBoard = new TensorBoardLog(run.TensorBoard);
        var context = new StepContext(game, optimizers, () => game.SampleTrainingBatch(config.Game.BatchSize, dataRng, step), 0);
        long steps = config.Train.Steps;
        int logEvery = config.Train.LogEvery;
        double windowSeconds = 0;
        int windowSteps = 0;

        // θ_0 for an average from step 0 (a resumed run's iterate was taken in before its checkpoint: ignored).
        ObserveAverages();
        // A checkpoint of the initial state: a run that diverges before its first periodic checkpoint still has a good one.
        if (step == 0) SaveCheckpoint(numbered: false);
        while (step < steps)
        {
            if (options.Cancel.IsCancellationRequested || options.StopAtStep == step)
                return Finish(RunStatus.Interrupted, wall, progress, checkpoint: true);
            if (fault is not null && fault.Step == step && checkpointStep is not null)
            {
                fault.Trigger(step, options.Cancel);
                continue;    // a hang returns once the run is told to stop: the check above ends it with a checkpoint
            }

            ScheduleLearningRates(step);
            StepResult result;
            var clock = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                // Spectral normalization: one power iteration per step (Miyato et al. 2018, Algorithm 1), not per forward pass.
                game.AdvanceSpectralNorm();
                result = rule.Step(context with { Step = step });
            }
            double seconds = clock.Elapsed.TotalSeconds;
            stepSeconds += seconds;
            windowSeconds += seconds;
            windowSteps++;

            if ((NotFinite(result) ?? (result.ParametersFinite ? null : "non-finite parameters after the update")) is string cause)
            {
                // The update has already been applied with the bad numbers: keep the last good checkpoint, write no new one.
                var record = TrainRecord(result, windowSeconds / windowSteps);
                metrics.Write(record);
                return Finish(RunStatus.Diverged, wall, progress, checkpoint: false, divergedAt: step, cause: cause);
            }
            step++;
            ObserveAverages();

            if (step % logEvery == 0 || step == steps)
            {
                var record = TrainRecord(result, windowSeconds / windowSteps);
                metrics.Write(record);
                tensorBoard.Scalars("train", record, step);
                windowSeconds = 0;
                windowSteps = 0;
                progress?.Report(new TrainProgress(step, steps, epoch, Line(result)));
            }
            if (config.Train.ProbeEvery > 0 && (step % config.Train.ProbeEvery == 0 || step == steps))
            {
                var reading = Probe();
                var record = reading.ToRecord(PlayerNames);
                probes.Write(record);
                tensorBoard.Scalars("probe", record, step);
            }
            if (step % config.Train.StepsPerEpoch == 0 || step == steps)
            {
                // A last, shorter epoch counts as an epoch too (its picture must not overwrite the previous one).
                epoch++;
                var record = Evaluate(progress);
                metrics.Write(record);
                tensorBoard.Scalars("eval", record, step);
                DrawCurves();
            }
            bool keep = config.Train.KeepEvery > 0 && step % config.Train.KeepEvery == 0;
            if (keep || step % config.Train.CheckpointEvery == 0 || step % config.Train.StepsPerEpoch == 0 || step == steps)
                SaveCheckpoint(numbered: keep);
        }
        // A run resumed after its last step but before DONE (a crash in between) still ends with its final numbers.
        if (evaluation.Final is null) metrics.Write(Evaluate(progress));
        if (lastProbe is null && config.Train.ProbeEvery > 0) probes.Write(Probe().ToRecord(PlayerNames));
        return Finish(RunStatus.Completed, wall, progress, checkpoint: false);
    }

    /// <summary>The learning rates of the step about to run (a function of the step alone, so resume follows it).</summary>
    void ScheduleLearningRates(long atStep)
    {
        if (config.Optimizer.Decay != "none")
            optimizers.ScaleLearningRates(Optimizers.LearningRateSchedule.Factor(config.Optimizer.Decay, config.Optimizer.DecayTo, atStep, config.Train.Steps));
    }

    ProbeReading Probe()
    {
        var clock = Stopwatch.StartNew();
        // The probe batch at the current step, so annealed instance noise is probed at the σ being trained with.
        lastProbe = TrainingProbe.Run(game, rule, probeBatch.AtStep(step), optimizers, config, step);
        probeSeconds += clock.Elapsed.TotalSeconds;
        return lastProbe;
    }

    /// <summary>Takes G's current iterate into each average that has started (Yazıcı et al. 2019; after the update, before the step's outputs).</summary>
    void ObserveAverages()
    {
        foreach (var average in averages) average.Observe(step);
    }

    /// <summary>
    /// The epoch's evaluation of G and then, on the same fixed inputs, of each average that has started: the same
    /// evaluation run with the averaged weights in G, its keys prefixed "ema/" or "uniform/" in the one record. Its
    /// progress is reported as the trainer's, so a progress bar shows it in place.
    /// </summary>
    Dictionary<string, object?> Evaluate(IProgress<TrainProgress>? progress)
    {
        var phases = progress is null ? null : new SynchronousProgress<PhaseProgress>(p => progress.Report(new TrainProgress(step, config.Train.Steps, epoch, p.Text, p)));
        var record = evaluation.Evaluate(fixedNoise, epoch, step, title, phases);
        foreach (var average in averages.Where(a => a.Count > 0))
        {
            Dictionary<string, object?> averaged;
            using (average.LoadIntoGenerator())
                averaged = evaluation.Evaluate(fixedNoise, epoch, step, $"{average.Label}\n{title}", phases, average.Name);
            foreach (var (key, value) in averaged)
                if (key is not ("kind" or "step" or "epoch")) record[$"{average.Name}/{key}"] = value;
        }
        return record;
    }

    Dictionary<string, object?> TrainRecord(StepResult result, double secondsPerStep)
    {
        var record = new Dictionary<string, object?>
        {
            ["kind"] = "train",
            ["step"] = step,
            ["epoch"] = epoch,
            ["loss_G"] = result.Losses[PlayerIndex.Generator],
            ["loss_D"] = result.Losses[PlayerIndex.Discriminator],
            ["v_norm_G"] = result.FieldNorms[PlayerIndex.Generator],
            ["v_norm_D"] = result.FieldNorms[PlayerIndex.Discriminator],
            ["lr_G"] = optimizers.LearningRates[PlayerIndex.Generator],
            ["lr_D"] = optimizers.LearningRates[PlayerIndex.Discriminator],
            ["step_ms"] = secondsPerStep * 1000,
        };
        foreach (var (name, value) in result.Terms) record[name] = value;
        return record;
    }

    static string? NotFinite(StepResult r)
    {
        string[] players = ["G", "D"];
        for (int i = 0; i < r.Losses.Length; i++)
            if (!double.IsFinite(r.Losses[i])) return $"loss_{players[i]} = {r.Losses[i]}";
        for (int i = 0; i < r.FieldNorms.Length; i++)
            if (!double.IsFinite(r.FieldNorms[i])) return $"‖v_{players[i]}‖ = {r.FieldNorms[i]}";
        foreach (var (name, value) in r.Terms)
            if (!double.IsFinite(value)) return $"{name} = {value}";
        return null;
    }

    static string Line(StepResult r) =>
        $"L_G {r.Losses[0]:0.000} L_D {r.Losses[1]:0.000} ‖v_G‖ {r.FieldNorms[0]:0.00e0} ‖v_D‖ {r.FieldNorms[1]:0.00e0}";

    void DrawCurves()
    {
        var lines = JsonLines.Read(run.Metrics);
        var train = lines.Where(l => (string?)l["kind"] == "train").ToList();
        var evals = lines.Where(l => (string?)l["kind"] == "eval").ToList();
        if (train.Count > 0) TrainingPlots.Losses(run.Plot("losses.png"), train, title);
        if (evals.Count > 0) evaluation.DrawCurves(evals, title);
        var probeLines = JsonLines.Read(run.Probe);
        TrainingPlots.Spectrum(run.Plot("spectrum_plane.png"), run.Plot("spectrum_over_time.png"), probeLines, title);
        TrainingPlots.Hessians(run.Plot("hessian_extremes.png"), probeLines, game.Players.Select(p => p.Name).ToList(), title);
    }

    RunSummary Finish(RunStatus status, Stopwatch wall, IProgress<TrainProgress>? progress, bool checkpoint, long? divergedAt = null, string? cause = null)
    {
        // Not again when the step's checkpoint was just saved: that would make previous.ckpt a copy of latest.ckpt.
        if (checkpoint && checkpointStep != step) SaveCheckpoint(numbered: false);
        if (status != RunStatus.Interrupted) DrawCurves();
        double total = wall.Elapsed.TotalSeconds;
        var summary = new RunSummary
        {
            Status = status.ToString().ToLowerInvariant(),
            Game = game.Title,
            Rule = rule.Title,
            Seed = config.Seed,
            Step = step,
            Steps = config.Train.Steps,
            Epoch = epoch,
            DivergedAtStep = divergedAt,
            Cause = cause,
            Final = evaluation.Final,
            Averaged = averages.Count == 0 ? null : averages.ToDictionary(a => a.Name, a => evaluation.FinalOf(a.Name)),
            FinalProbe = lastProbe is null ? null : new Dictionary<string, double>
            {
                ["step"] = lastProbe.Step,
                ["max_real"] = lastProbe.Spectrum.MaxReal,
                ["max_abs_imag"] = lastProbe.Spectrum.MaxAbsImaginary,
                ["update_radius"] = lastProbe.Spectrum.UpdateOperatorSpectralRadius,
            },
            ProbeNote = lastProbe?.Note,
            StepsPerSecond = stepSeconds > 0 ? Math.Round(ProcessSteps() / stepSeconds, 2) : 0,
            ProbeShare = total > 0 ? Math.Round(probeSeconds / total, 4) : 0,
            Seconds = Math.Round(total, 2),
            ParameterCount = game.ParameterCount,
            LatestCheckpoint = File.Exists(checkpoints.LatestPath) ? Path.GetRelativePath(run.Path, checkpoints.LatestPath) : null,
        };
        Output.AtomicFile.WriteAllText(run.Summary, ConfigJson.Serialize(summary));
        // DONE last: a run that ended (completed or diverged) is not rerun; an interrupted one is resumed.
        if (status != RunStatus.Interrupted) Output.AtomicFile.WriteAllText(run.Done, $"{summary.Status} at step {step}\n");
        progress?.Report(new TrainProgress(step, config.Train.Steps, epoch, summary.Status));
        return summary;
    }

    long stepsAtStart;

    long ProcessSteps() => step - stepsAtStart;

    void SaveCheckpoint(bool numbered)
    {
        var writer = new CheckpointWriter();
        writer.AddModule("generator", game.GeneratorNetwork);
        writer.AddModule("discriminator", game.DiscriminatorNetwork);
        for (int i = 0; i < optimizers.Optimizers.Count; i++)
            writer.AddOptimizer($"optimizer_{game.Players[i].Name}", optimizers.Optimizers[i]);
        writer.AddGenerator("data_rng", dataRng);
        writer.AddTensor("fixed_noise", fixedNoise);
        var state = new JsonObject { ["step"] = step, ["epoch"] = epoch };
        // Finite datasets: the position in the shuffled epoch order (the order itself follows from the seed).
        if (game is ImageGan images) state["data_cursor"] = images.Images.Cursor;
        writer.AddJson("state", state.ToJsonString());
        if (rule is IStatefulRule stateful && stateful.SaveState() is { } ruleState) writer.AddTensor("rule_state", ruleState);
        foreach (var average in averages) average.Save(writer);
        checkpoints.SaveLatest(writer);
        checkpointStep = step;
        if (numbered) checkpoints.SaveNumbered(writer, step);
    }

    void Restore()
    {
        var reader = FindUsableCheckpoint("--resume", "resuming", "start the run without --resume (add --force to overwrite)");
        LoadCheckpoint(reader);
        checkpointStep = step;
        if (step > config.Train.Steps)
            throw new ConfigException("train:steps", $"is {config.Train.Steps}, but the checkpoint is at step {step}; a run cannot be shortened.");
        stepsAtStart = step;
        // Lines logged after the checkpoint by the interrupted process would be logged again: drop them
        // (after a fallback past a damaged checkpoint, that is every line after the older one's step).
        try
        {
            JsonLines.TruncateAfter(run.Metrics, step);
            JsonLines.TruncateAfter(run.Probe, step);
        }
        catch (IOException e)
        {
            throw RunWriteException.For(run, e);
        }
    }

    /// <summary>
    /// The newest checkpoint that verifies and fits this run (<see cref="CheckpointFit"/>); each newer one skipped is
    /// a warning naming it and why. None: bad input under <paramref name="key"/>, listing what was skipped.
    /// </summary>
    CheckpointReader FindUsableCheckpoint(string key, string doing, string fix)
    {
        var search = checkpoints.FindLatest(Misfit);
        foreach (var w in search.Warnings) Console.Error.WriteLine($"warning: {w}");
        if (search.Reader is null)
            throw new ConfigException(key, $"no usable checkpoint under {run.Checkpoints}" +
                (search.Warnings.Count > 0 ? $" ({string.Join("; ", search.Warnings)})" : "") + $"; {fix}.");
        if (search.Warnings.Count > 0) Console.Error.WriteLine($"warning: {doing} from {search.Path} instead");
        return search.Reader;
    }

    /// <summary>Why a verified checkpoint cannot be restored into this run, or null; reads only.</summary>
    string? Misfit(CheckpointReader reader) => CheckpointFit.Problem(reader, config, game, dataRng, fixedNoise, rule, averages);

    void LoadCheckpoint(CheckpointReader reader)
    {
        reader.LoadModule("generator", game.GeneratorNetwork);
        reader.LoadModule("discriminator", game.DiscriminatorNetwork);
        for (int i = 0; i < optimizers.Optimizers.Count; i++)
            reader.LoadOptimizer($"optimizer_{game.Players[i].Name}", optimizers.Optimizers[i]);
        reader.RestoreGenerator("data_rng", dataRng);
        using (var saved = reader.ReadTensor("fixed_noise"))
        using (no_grad())
            fixedNoise.copy_(saved);
        var state = JsonNode.Parse(reader.ReadJson("state"))!;
        step = state["step"]!.GetValue<long>();
        epoch = state["epoch"]!.GetValue<int>();
        if (game is ImageGan images) images.Images.Cursor = state["data_cursor"]?.GetValue<long>() ?? 0;
        if (rule is IStatefulRule stateful)
        {
            if (reader.Contains("rule_state"))
            {
                using var ruleState = reader.ReadTensor("rule_state");
                stateful.LoadState(ruleState.to(game.Device));
            }
            else stateful.LoadState(null);
        }
        foreach (var average in averages) average.Load(reader);
        // The rates the last step ran with: what the live probe saw at this step.
        if (step > 0) ScheduleLearningRates(step - 1);
    }

    /// <summary>
    /// The live probe at a saved checkpoint ('realganlab probe'): same probe batch and settings as during training.
    /// With <paramref name="average"/> (one of this run's, see <see cref="Average"/>), G's parameters are that
    /// average's at the checkpoint, rounded to the run's dtype, for the probe only (the swap the epoch evaluation
    /// uses); D, the optimizers and the rule state are the checkpoint's. The point (θ̄, ψ) is then one the dynamics
    /// never visited: the field there is not the one training followed.
    /// </summary>
    public ProbeReading ProbeCheckpoint(CheckpointReader reader, GeneratorAverage? average = null)
    {
        if (average is not null && !averages.Contains(average))
            throw new ArgumentException("the average is not one of this run's", nameof(average));
        LoadCheckpoint(reader);
        if (average is null) return TrainingProbe.Run(game, rule, probeBatch.AtStep(step), optimizers, config, step);
        if (average.Count == 0)
            throw new InvalidOperationException($"the {average.Name} average starts at step {average.Start}; the checkpoint at step {step} holds no iterate of it");
        using (average.LoadIntoGenerator())
            return TrainingProbe.Run(game, rule, probeBatch.AtStep(step), optimizers, config, step);
    }

    /// <summary>The run's average of G named <paramref name="name"/> ("ema" or "uniform"), or null when averaging:NAME is off.</summary>
    public GeneratorAverage? Average(string name) => averages.FirstOrDefault(a => a.Name == name);

    /// <summary>
    /// The newest usable checkpoint for 'probe --checkpoint latest': like a resume, it falls back past a damaged or
    /// misfitting latest.ckpt to previous.ckpt and the numbered ones, with a warning for each.
    /// </summary>
    public CheckpointReader LatestUsableCheckpoint() =>
        FindUsableCheckpoint("--checkpoint", "probing", "the run has no checkpoint this config can restore");

    /// <summary>
    /// A named checkpoint, verified and checked against this run; refused (bad input naming the file and why) when it
    /// is damaged or does not fit.
    /// </summary>
    public CheckpointReader OpenCheckpoint(string path)
    {
        CheckpointReader reader;
        try
        {
            reader = CheckpointReader.Open(path);
        }
        catch (Exception e) when (e is CheckpointCorruptException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigException("--checkpoint", $"{e.Message}; choose another checkpoint (--checkpoint latest falls back to the newest good one).");
        }
        if (Misfit(reader) is string reason)
            throw new ConfigException("--checkpoint", $"'{path}' verifies but does not fit this run: {reason}; choose another checkpoint.");
        return reader;
    }

    /// <summary>The run's checkpoints, oldest first (numbered ones, then latest).</summary>
    public IReadOnlyList<string> Checkpoints() => checkpoints.List().Select(e => e.Path).ToList();

    /// <summary>The run's title line in its pictures: "game · rule · optimizer lr · seed".</summary>
    public string Title => title;

    public IReadOnlyList<string> PlayerNames => game.Players.Select(p => p.Name).ToList();

    /// <summary>Whether the game has spectrally normalised layers (the probe then holds their u, v fixed).</summary>
    public bool HasSpectralNorm => game.HasSpectralNorm;

    /// <summary>The step of the latest readable checkpoint, or null (for deciding whether a finished run can be extended).</summary>
    public static long? LatestCheckpointStep(RunDirectory run)
    {
        var search = new CheckpointStore(run.Checkpoints).FindLatest(reader => StepOf(reader) is null ? "no step" : null);
        return search.Reader is null ? null : StepOf(search.Reader);
    }

    /// <summary>The step stored in a checkpoint's state section; null when it has none that is a whole number ≥ 0.</summary>
    public static long? StepOf(CheckpointReader reader)
    {
        try
        {
            return JsonNode.Parse(reader.ReadJson("state")) is JsonObject state && state["step"] is JsonValue value
                && value.TryGetValue<long>(out var step) && step >= 0 ? step : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or CheckpointSectionException or InvalidOperationException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        probeBatch.Dispose();
        fixedNoise.Dispose();
        dataRng.Dispose();
        optimizers.Dispose();
        (rule as IDisposable)?.Dispose();
        evaluation.Dispose();
        foreach (var average in averages) average.Dispose();
        game.Dispose();
    }
}
