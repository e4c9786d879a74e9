using System.Diagnostics;
using RealGanLab.Configuration;
using RealGanLab.Games;
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
    readonly TrainingState state;
    readonly ExperimentConfig config;
    readonly RunDirectory run;
    readonly TrainOptions options;
    readonly IRunEvaluation evaluation;
    readonly FaultInjection? fault;
    long step;
    /// <summary>The step of the state last saved to, or restored from, a checkpoint; null before either.</summary>
    long? checkpointStep;
    /// <summary>The step this process started from (a resumed run's checkpoint), for its steps per second.</summary>
    long stepsAtStart;
    int epoch;
    double stepSeconds, probeSeconds;
    ProbeReading? lastProbe;

    // The pieces of the state the loop touches at every step, by their short names.
    GanGame game => state.Game;
    IUpdateRule rule => state.Rule;
    PlayerOptimizers optimizers => state.Optimizers;
    Generator dataRng => state.DataRng;
    Tensor fixedNoise => state.FixedNoise;
    GameBatch probeBatch => state.ProbeBatch;
    IReadOnlyList<GeneratorAverage> averages => state.Averages;
    string title => state.Title;

    Trainer(TrainingState state, RunDirectory run, TrainOptions options)
    {
        this.state = state;
        config = state.Config;
        this.run = run;
        this.options = options;
        fault = FaultInjection.FromEnvironment(run.Path);
        evaluation = state.Game switch
        {
            MixtureGan mixture => new MixtureRunEvaluation(mixture, run, config.Seed),
            ImageGan images => ImageRunEvaluation.Create(images, run, config, options.Phases),
            _ => throw new ArgumentException($"no epoch evaluation for {state.Game.Title}"),
        };
    }

    /// <summary>Builds the game, its state and the trainer, restoring the latest checkpoint when resuming.</summary>
    public static Trainer Create(ExperimentConfig config, RunDirectory run, TrainOptions options)
    {
        // Before anything is allocated: sizes that cannot fit are refused there, not by the kernel half-way through a run.
        var state = TrainingState.Create(config, run, probe: config.Train.ProbeEvery > 0);
        Trainer trainer;
        try
        {
            // Before the epoch evaluation is built (an image run's classifier): refused weights cost nothing else.
            if (!options.Resume && config.Train.InitFrom is { } weights) state.InitializeFrom(weights, "train:initFrom");
            trainer = new Trainer(state, run, options);
        }
        catch
        {
            state.Dispose();
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

    /// <summary>The PyTorch weights a new run started from (train:initFrom), or null.</summary>
    public Interop.InitialWeights? InitialWeights => state.InitialWeights;

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
        using var log = new RunLog(run, options.Resume);
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
                return Finish(log, RunStatus.Interrupted, wall, progress, checkpoint: true);
            if (fault is not null && fault.Step == step && checkpointStep is not null)
            {
                fault.Trigger(step, options.Cancel);
                continue;    // a hang returns once the run is told to stop: the check above ends it with a checkpoint
            }

            state.ScheduleLearningRates(step);
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

            if ((StepRecords.NotFinite(result) ?? (result.ParametersFinite ? null : "non-finite parameters after the update")) is string cause)
            {
                // The update has already been applied with the bad numbers: keep the last good checkpoint, write no new one.
                log.Metrics(StepRecords.Train(result, step, epoch, optimizers, windowSeconds / windowSteps), step, tensorBoardPrefix: null);
                return Finish(log, RunStatus.Diverged, wall, progress, checkpoint: false, divergedAt: step, cause: cause);
            }
            step++;
            ObserveAverages();

            if (step % logEvery == 0 || step == steps)
            {
                log.Metrics(StepRecords.Train(result, step, epoch, optimizers, windowSeconds / windowSteps), step, "train");
                windowSeconds = 0;
                windowSteps = 0;
                progress?.Report(new TrainProgress(step, steps, epoch, StepRecords.Line(result)));
            }
            if (config.Train.ProbeEvery > 0 && (step % config.Train.ProbeEvery == 0 || step == steps))
            {
                log.Probe(Probe().ToRecord(state.PlayerNames), step, toTensorBoard: true);
            }
            if (step % config.Train.StepsPerEpoch == 0 || step == steps)
            {
                // A last, shorter epoch counts as an epoch too (its picture must not overwrite the previous one).
                epoch++;
                log.Metrics(Evaluate(progress), step, "eval");
                DrawCurves(log);
            }
            bool keep = config.Train.KeepEvery > 0 && step % config.Train.KeepEvery == 0;
            if (keep || step % config.Train.CheckpointEvery == 0 || step % config.Train.StepsPerEpoch == 0 || step == steps)
                SaveCheckpoint(numbered: keep);
        }
        // A run resumed after its last step but before DONE (a crash in between) still ends with its final numbers.
        if (evaluation.Final is null) log.Metrics(Evaluate(progress), step, tensorBoardPrefix: null);
        if (lastProbe is null && config.Train.ProbeEvery > 0) log.Probe(Probe().ToRecord(state.PlayerNames), step, toTensorBoard: false);
        return Finish(log, RunStatus.Completed, wall, progress, checkpoint: false);
    }

    ProbeReading Probe()
    {
        var clock = Stopwatch.StartNew();
        // The probe batch at the current step, so annealed instance noise is probed at the σ being trained with.
        lastProbe = TrainingProbe.Run(game, rule, probeBatch.AtStep(step), optimizers, config, step,
            config.Probe.WarmStart ? state.ProbeWarmStart : null);
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

    /// <summary>The curves over the run so far, from the log's in-memory lines.</summary>
    void DrawCurves(RunLog log)
    {
        if (log.TrainLines.Count > 0) TrainingPlots.Losses(run.Plot("losses.png"), log.TrainLines, title);
        if (log.EvalLines.Count > 0) evaluation.DrawCurves(log.EvalLines, title);
        TrainingPlots.Spectrum(run.Plot("spectrum_plane.png"), run.Plot("spectrum_over_time.png"), log.ProbeLines, title);
        TrainingPlots.Hessians(run.Plot("hessian_extremes.png"), log.ProbeLines, game.Players.Select(p => p.Name).ToList(), title);
        HessianDensityPlot.Save(run.Plot("hessian_density.png"), log.ProbeLines, game.Players.Select(p => p.Name).ToList(), title);
    }

    RunSummary Finish(RunLog log, RunStatus status, Stopwatch wall, IProgress<TrainProgress>? progress, bool checkpoint, long? divergedAt = null, string? cause = null)
    {
        // Not again when the step's checkpoint was just saved: that would make previous.ckpt a copy of latest.ckpt.
        if (checkpoint && checkpointStep != step) SaveCheckpoint(numbered: false);
        if (status != RunStatus.Interrupted) DrawCurves(log);
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
                ["rotation_fraction"] = lastProbe.Spectrum.Split?.RotationFraction ?? double.NaN,
                ["stable_step_factor"] = lastProbe.Spectrum.StableStep.Factor,
            },
            ProbeNote = lastProbe?.Note,
            StepsPerSecond = stepSeconds > 0 ? Math.Round((step - stepsAtStart) / stepSeconds, 2) : 0,
            ProbeShare = total > 0 ? Math.Round(probeSeconds / total, 4) : 0,
            Seconds = Math.Round(total, 2),
            ParameterCount = game.ParameterCount,
            LatestCheckpoint = File.Exists(state.Store.LatestPath) ? Path.GetRelativePath(run.Path, state.Store.LatestPath) : null,
        };
        Output.AtomicFile.WriteAllText(run.Summary, ConfigJson.Serialize(summary));
        // DONE last: a run that ended (completed or diverged) is not rerun; an interrupted one is resumed.
        if (status != RunStatus.Interrupted) run.WriteDone(status, step);
        progress?.Report(new TrainProgress(step, config.Train.Steps, epoch, summary.Status));
        return summary;
    }

    void SaveCheckpoint(bool numbered)
    {
        var writer = state.ToCheckpoint(step, epoch);
        state.Store.SaveLatest(writer);
        checkpointStep = step;
        if (numbered) state.Store.SaveNumbered(writer, step);
    }

    void Restore()
    {
        var reader = state.FindUsableCheckpoint("--resume", "resuming", "start the run without --resume (add --force to overwrite)");
        (step, epoch) = state.Load(reader);
        checkpointStep = step;
        if (step > config.Train.Steps)
            throw new BadInputException("train:steps", $"is {config.Train.Steps}, but the checkpoint is at step {step}; a run cannot be shortened.");
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

    public void Dispose()
    {
        evaluation.Dispose();
        state.Dispose();
    }
}
