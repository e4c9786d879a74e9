using RealGanLab.Numerics;
using System.Text.Json.Nodes;
using RealGanLab.Checkpoints;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Interop;
using RealGanLab.Optimizers;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// Everything a checkpoint holds, and the mapping between the two: the game's networks, the players' optimizers, the
/// rule's state, the data order's random generator, the fixed evaluation noise, the probe batch and the averages of
/// G. <see cref="Trainer"/> trains it; 'realganlab probe' reads checkpoints into it without a trainer, so probing a
/// run never builds the epoch evaluation (for an image run, the classifier). The step and epoch counters are the
/// caller's: a checkpoint is written from them and <see cref="Load"/> returns them.
/// </summary>
public sealed class TrainingState : IDisposable
{
    public ExperimentConfig Config { get; }
    public GanGame Game { get; }
    public IUpdateRule Rule { get; }
    public PlayerOptimizers Optimizers { get; }
    /// <summary>The one seeded generator behind every training batch (saved, so a resumed run repeats the uninterrupted one).</summary>
    public Generator DataRng { get; }
    public Tensor FixedNoise { get; }
    public GameBatch ProbeBatch { get; }
    /// <summary>Averages of G's iterates (averaging:*); empty when averaging is off.</summary>
    public IReadOnlyList<GeneratorAverage> Averages { get; }
    public CheckpointStore Store { get; }
    /// <summary>The last live probe's Ritz vectors, where the next one starts (probe:warmStart); saved, so a resumed run probes alike.</summary>
    public ArnoldiWarmStart ProbeWarmStart { get; } = new();
    readonly RunDirectory run;

    /// <summary>The PyTorch weights the networks were loaded from (<see cref="InitializeFrom"/>), or null: the seed's initialisation.</summary>
    public InitialWeights? InitialWeights { get; private set; }

    /// <summary>
    /// Replaces both networks' weights with PyTorch state dicts (<see cref="PyTorchImport"/>), before the first step;
    /// a file that does not fit is bad input under <paramref name="key"/> and changes nothing.
    /// </summary>
    public void InitializeFrom(string path, string key) => InitialWeights = PyTorchImport.Load(path, Game, key);

    /// <summary>The run's title line in its pictures: "game · rule · optimizer lr · seed".</summary>
    public string Title { get; }

    TrainingState(ExperimentConfig config, RunDirectory run, GanGame game)
    {
        Config = config;
        this.run = run;
        Game = game;
        Rule = UpdateRules.Create(config.Rule, config.Optimizer);
        Optimizers = OptimizerFactory.Create(config.Optimizer, game);
        DataRng = new Generator(RandomStreams.Seed(config.Seed, RandomStreams.Training));
        // Separate streams for the fixed noise and the probe batch: neither may shift the training batches.
        using (var noiseRng = new Generator(RandomStreams.Seed(config.Seed, RandomStreams.FixedNoise)))
        {
            FixedNoise = game.FixedGeneratorInputs(config.Train.EvalSamples, noiseRng);
            FixedNoise.DetachFromDisposeScope();
        }
        using (var probeRng = new Generator(RandomStreams.Seed(config.Seed, RandomStreams.ProbeBatch)))
        using (var scope = NewDisposeScope())
            ProbeBatch = game.SampleBatch(ProbeBatchSize(config, game), probeRng, 0).KeepAlive();
        Store = new CheckpointStore(run.Checkpoints);
        Averages = GeneratorAverage.FromConfig(config.Averaging, game.GeneratorNetwork.parameters().ToList());
        Title = $"{game.Title} · {Rule.Title} · {config.Optimizer.Name} lr={config.Optimizer.Lr:g3} · seed {config.Seed}";
    }

    /// <summary>Builds the game and its state for a run; sizes that cannot fit are refused before anything is allocated.</summary>
    /// <param name="probe">Whether the probe will run (its memory counts in the estimate).</param>
    public static TrainingState Create(ExperimentConfig config, RunDirectory run, bool probe)
    {
        MemoryEstimate.EnsureFits(config, probe);
        var built = GameHost.Create(config);
        if (built is not (MixtureGan or ImageGan))
        {
            built.Dispose();
            throw new BadInputException("game:name", $"'train' trains neural games (mlp, dcgan, compression); '{config.Game.Name}' is analytic — use 'realganlab field' for it.");
        }
        var game = (GanGame)built;
        try
        {
            return new TrainingState(config, run, game);
        }
        catch
        {
            game.Dispose();
            throw;
        }
    }

    /// <summary>The probe batch is a whole number of packs in each part the rule's estimator cuts it into (split: 2).</summary>
    static int ProbeBatchSize(ExperimentConfig config, GanGame game)
    {
        int unit = (game is MixtureGan m ? m.Pack : 1) * (FieldNormEstimators.ForRule(config.Rule)?.Parts ?? 1);
        return Math.Max(unit, config.Probe.BatchSize / unit * unit);
    }

    public IReadOnlyList<string> PlayerNames => Game.Players.Select(p => p.Name).ToList();

    /// <summary>Whether the game has spectrally normalised layers (the probe then holds their u, v fixed).</summary>
    public bool HasSpectralNorm => Game.HasSpectralNorm;

    /// <summary>The run's average of G named <paramref name="name"/> ("ema" or "uniform"), or null when averaging:NAME is off.</summary>
    public GeneratorAverage? Average(string name) => Averages.FirstOrDefault(a => a.Name == name);

    /// <summary>The learning rates of the step about to run (a function of the step alone, so resume follows it).</summary>
    public void ScheduleLearningRates(long atStep)
    {
        if (Config.Optimizer.Decay != "none")
            Optimizers.ScaleLearningRates(LearningRateSchedule.Factor(Config.Optimizer.Decay, Config.Optimizer.DecayTo, atStep, Config.Train.Steps));
    }

    /// <summary>The state at <paramref name="step"/> and <paramref name="epoch"/> as a checkpoint, ready to be saved.</summary>
    public CheckpointWriter ToCheckpoint(long step, int epoch)
    {
        var writer = new CheckpointWriter();
        writer.AddModule("generator", Game.GeneratorNetwork);
        writer.AddModule("discriminator", Game.DiscriminatorNetwork);
        for (int i = 0; i < Optimizers.Optimizers.Count; i++)
            writer.AddOptimizer($"optimizer_{Game.Players[i].Name}", Optimizers.Optimizers[i]);
        writer.AddGenerator("data_rng", DataRng);
        writer.AddTensor("fixed_noise", FixedNoise);
        var state = new JsonObject { ["step"] = step, ["epoch"] = epoch };
        // Finite datasets: the position in the shuffled epoch order (the order itself follows from the seed).
        if (Game is ImageGan images) state["data_cursor"] = images.Images.Cursor;
        writer.AddJson("state", state.ToJsonString());
        if (Rule is IStatefulRule stateful && stateful.SaveState() is { } ruleState) writer.AddTensor("rule_state", ruleState);
        foreach (var average in Averages) average.Save(writer);
        using (var warm = ProbeWarmStart.ToTensor())
            if (warm is not null) writer.AddTensor("probe_warm_start", warm);
        return writer;
    }

    /// <summary>Restores every piece of state from a checkpoint that fits (<see cref="Misfit"/>); returns its step and epoch.</summary>
    public (long Step, int Epoch) Load(CheckpointReader reader)
    {
        reader.LoadModule("generator", Game.GeneratorNetwork);
        reader.LoadModule("discriminator", Game.DiscriminatorNetwork);
        for (int i = 0; i < Optimizers.Optimizers.Count; i++)
            reader.LoadOptimizer($"optimizer_{Game.Players[i].Name}", Optimizers.Optimizers[i]);
        reader.RestoreGenerator("data_rng", DataRng);
        using (var saved = reader.ReadTensor("fixed_noise"))
        using (no_grad())
            FixedNoise.copy_(saved);
        var state = JsonNode.Parse(reader.ReadJson("state"))!;
        long step = state["step"]!.GetValue<long>();
        int epoch = state["epoch"]!.GetValue<int>();
        if (Game is ImageGan images) images.Images.Cursor = state["data_cursor"]?.GetValue<long>() ?? 0;
        if (Rule is IStatefulRule stateful)
        {
            if (reader.Contains("rule_state"))
            {
                using var ruleState = reader.ReadTensor("rule_state");
                stateful.LoadState(ruleState.to(Game.Device));
            }
            else stateful.LoadState(null);
        }
        foreach (var average in Averages) average.Load(reader);
        using (var warm = reader.Contains("probe_warm_start") ? reader.ReadTensor("probe_warm_start") : null)
        using (var onDevice = warm?.to(Game.Device))
            ProbeWarmStart.Replace(onDevice);
        // The rates the last step ran with: what the live probe saw at this step.
        if (step > 0) ScheduleLearningRates(step - 1);
        return (step, epoch);
    }

    /// <summary>Why a verified checkpoint cannot be restored into this state, or null; reads only.</summary>
    public string? Misfit(CheckpointReader reader) => CheckpointFit.Problem(reader, Config, Game, DataRng, FixedNoise, Rule, Averages);

    /// <summary>
    /// The newest checkpoint that verifies and fits (<see cref="CheckpointFit"/>); each newer one skipped is a warning
    /// naming it and why. None: bad input under <paramref name="key"/>, listing what was skipped.
    /// </summary>
    public CheckpointReader FindUsableCheckpoint(string key, string doing, string fix)
    {
        var search = Store.FindLatest(Misfit);
        foreach (var w in search.Warnings) Console.Error.WriteLine($"warning: {w}");
        if (search.Reader is null)
            throw new BadInputException(key, $"no usable checkpoint under {run.Checkpoints}" +
                (search.Warnings.Count > 0 ? $" ({string.Join("; ", search.Warnings)})" : "") + $"; {fix}.");
        if (search.Warnings.Count > 0) Console.Error.WriteLine($"warning: {doing} from {search.Path} instead");
        return search.Reader;
    }

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
            throw new BadInputException("--checkpoint", $"{e.Message}; choose another checkpoint (--checkpoint latest falls back to the newest good one).");
        }
        if (Misfit(reader) is string reason)
            throw new BadInputException("--checkpoint", $"'{path}' verifies but does not fit this run: {reason}; choose another checkpoint.");
        return reader;
    }

    /// <summary>
    /// A checkpoint named on the command line (--checkpoint): a path, or a file name under checkpoints/; opened as
    /// <see cref="OpenCheckpoint"/> does, and refused naming the run's checkpoints when there is no such file.
    /// </summary>
    public CheckpointReader OpenNamedCheckpoint(string which)
    {
        var path = File.Exists(which) ? which : Path.Combine(run.Checkpoints, which);
        if (!File.Exists(path))
            throw new BadInputException("--checkpoint", $"no checkpoint '{which}' in {run.Checkpoints}; have: {string.Join(", ", Checkpoints().Select(Path.GetFileName))}.");
        return OpenCheckpoint(path);
    }

    /// <summary>The run's checkpoints, oldest first (numbered ones, then latest).</summary>
    public IReadOnlyList<string> Checkpoints() => Store.List().Select(e => e.Path).ToList();

    /// <summary>
    /// The live probe at a saved checkpoint ('realganlab probe'): same probe batch and settings as during training.
    /// With <paramref name="average"/> (one of this run's, see <see cref="Average"/>), G's parameters are that
    /// average's at the checkpoint, rounded to the run's dtype, for the probe only (the swap the epoch evaluation
    /// uses); D, the optimizers and the rule state are the checkpoint's. The point (θ̄, ψ) is then one the dynamics
    /// never visited: the field there is not the one training followed.
    /// </summary>
    public ProbeReading ProbeCheckpoint(CheckpointReader reader, GeneratorAverage? average = null)
    {
        if (average is not null && !Averages.Contains(average))
            throw new ArgumentException("the average is not one of this run's", nameof(average));
        var (step, _) = Load(reader);
        if (average is null) return TrainingProbe.Run(Game, Rule, ProbeBatch.AtStep(step), Optimizers, Config, step);
        if (average.Count == 0)
            throw new InvalidOperationException($"the {average.Name} average starts at step {average.Start}; the checkpoint at step {step} holds no iterate of it");
        using (average.LoadIntoGenerator())
            return TrainingProbe.Run(Game, Rule, ProbeBatch.AtStep(step), Optimizers, Config, step);
    }

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
        ProbeBatch.Dispose();
        FixedNoise.Dispose();
        DataRng.Dispose();
        Optimizers.Dispose();
        (Rule as IDisposable)?.Dispose();
        foreach (var average in Averages) average.Dispose();
        ProbeWarmStart.Dispose();
        Game.Dispose();
    }
}
