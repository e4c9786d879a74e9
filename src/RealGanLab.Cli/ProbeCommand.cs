using System.CommandLine;
using RealGanLab.Configuration;
using RealGanLab.Training;
using Spectre.Console;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab probe RUN_DIR: the live probe, after the fact, at saved checkpoints of a training run — same
/// probe batch and settings as the run (probe settings can be overridden, e.g. --probe:k=20). Appends one line
/// per checkpoint to RUN_DIR/probe_checkpoints.jsonl, prints a table and redraws plots/probe_spectrum_plane.png and
/// plots/probe_hessian_extremes.png from the whole log. --generator ema|uniform probes with G's
/// parameters replaced by the checkpoint's average of G's iterates (Yazıcı et al. 2019) and D as trained.
/// </summary>
public static class ProbeCommand
{
    public static Command Create(Dictionary<string, string> overrides)
    {
        var runDir = new Argument<string>("RUN_DIR") { Description = "A run directory written by 'realganlab train'." };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description = "Which checkpoint: 'latest' (default), 'all', a file name under checkpoints/ (e.g. step_000002000.ckpt) or a path.",
        };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or auto (default: the run's own device)." };
        var generator = new Option<string?>("--generator")
        {
            Description = "Which generator the probe reads the field at: 'raw' (default, G as trained), 'ema' or 'uniform' " +
                "(G's parameters replaced by the checkpoint's average, as averaging:ema / averaging:uniform keep it; D as trained).",
        };
        var initFrom = new Option<string?>("--init-from")
        {
            Description = "Probe PyTorch weights instead of a run's checkpoints: a folder with generator.pt and discriminator.pt (state dicts) or one .pt file " +
                "holding both. RUN_DIR is then a new directory; the game, data and rule come from --config and --section:key overrides (docs/pytorch.md).",
        };
        var pathAngle = new Option<string?>("--path-angle")
        {
            Description = "A..B: the path-angle (Berard et al. 2020) between two checkpoints — a step number, 'latest' or a file under checkpoints/ — " +
                "cos(v, θ_B − θ_A) and the losses along the line, with the eigenvalues at B; writes path_angle_A_B.csv/.json and plots/path_angle_A_B.png.",
        };
        var pathRange = new Option<string?>("--path-range") { Description = "With --path-angle: LO,HI, the range of α (default -0.5,1.5; α = 0 is A, 1 is B)." };
        var pathPoints = new Option<int?>("--path-points") { Description = $"With --path-angle: points on the line (default {PathAngleCommand.DefaultPoints})." };
        var config = CommonOptions.Config("configs/ring-simgd.json");
        config.Description = "With --init-from: the config whose networks the weights fit (default: the built-in ring-consensus config). " + config.Description;
        var command = new Command("probe", "Probe the game's Jacobian spectrum, the players' Hessian extremes and the update-operator radius " +
            "at saved checkpoints of a training run, or at PyTorch weights (--init-from). Probe keys can be overridden: --probe:k=20 --probe:which=LR --train:hessianIterations=50.")
        {
            runDir, checkpoint, device, generator, initFrom, config, pathAngle, pathRange, pathPoints,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(device) is { } name) overrides["device"] = name;
            if (parse.GetValue(pathAngle) is { } ends)
            {
                var clash = new[] { ("--checkpoint", parse.GetValue(checkpoint)), ("--generator", parse.GetValue(generator)), ("--init-from", parse.GetValue(initFrom)), ("--config", parse.GetValue(config)) }
                    .FirstOrDefault(o => o.Item2 is not null);
                if (clash.Item1 is not null)
                    return ConsoleReporter.BadInput(new BadInputException(clash.Item1, "does not go with --path-angle, which names its two checkpoints itself (A..B) and reads G as trained."));
                return PathAngleCommand.Run(parse.GetValue(runDir)!, ends, parse.GetValue(pathRange), parse.GetValue(pathPoints) ?? PathAngleCommand.DefaultPoints, overrides);
            }
            if (parse.GetValue(pathRange) is not null)
                return ConsoleReporter.BadInput(new BadInputException("--path-range", "goes with --path-angle A..B."));
            if (parse.GetValue(pathPoints) is not null)
                return ConsoleReporter.BadInput(new BadInputException("--path-points", "goes with --path-angle A..B."));
            if (parse.GetValue(initFrom) is { } weights)
                return RunImported(parse.GetValue(runDir)!, weights, parse.GetValue(config), overrides, parse.GetValue(checkpoint), parse.GetValue(generator));
            if (parse.GetValue(config) is not null)
            {
                Console.Error.WriteLine("--config: a saved run is probed with its own config.json; --config goes with --init-from (probing PyTorch weights).");
                return ExitCodes.BadInput;
            }
            return Run(parse.GetValue(runDir)!, parse.GetValue(checkpoint) ?? "latest", overrides, parse.GetValue(generator) ?? RawGenerator);
        });
        return command;
    }

    /// <summary>
    /// probe RUN_DIR --init-from WEIGHTS: the config's game with the PyTorch weights in it, written to the new RUN_DIR
    /// as a run at step 0 (<see cref="ImportedRun"/>) and probed there like a run's checkpoint.
    /// </summary>
    static int RunImported(string directory, string weights, string? configFile, IReadOnlyDictionary<string, string> overrides, string? checkpoint, string? generator)
    {
        TrainingState state;
        Checkpoints.CheckpointReader reader;
        try
        {
            if (checkpoint is not null) throw new BadInputException("--checkpoint", "goes with a run's own checkpoints; with --init-from the weights are the one point probed.");
            if (generator is not null && generator != RawGenerator) throw new BadInputException("--generator", "goes with a run's averages of G; with --init-from the weights are probed as given.");
            var config = CommandConfig.Resolve(ConfigPurpose.Train, configFile, overrides, useEnvironment: true);
            (state, reader) = ImportedRun.Create(config, directory, weights);
        }
        catch (BadInputException e)
        {
            return ConsoleReporter.BadInput(e);
        }
        Console.WriteLine($"loaded {weights} into {state.Title}; wrote {directory} (config.json, checkpoints/latest.ckpt at step 0)");
        return Probe(state, [reader], new RunDirectory(directory), average: null, extra: new() { ["init_from"] = weights });
    }

    /// <summary>A saved run is probed with its own config: only probe:* keys, train:hessianIterations and the device may change.</summary>
    internal static void RequireProbeOverrides(IReadOnlyDictionary<string, string> overrides)
    {
        var bad = overrides.Keys.Where(k => !k.StartsWith("probe:", StringComparison.OrdinalIgnoreCase)
            && !k.Equals("train:hessianIterations", StringComparison.OrdinalIgnoreCase) && !k.Equals("device", StringComparison.OrdinalIgnoreCase)).ToList();
        if (bad.Count > 0)
            throw new BadInputException(bad[0], "only probe:* keys, train:hessianIterations and the device can be changed when probing a saved run.");
    }

    /// <summary>--generator's default: G's own parameters.</summary>
    public const string RawGenerator = "raw";

    static readonly string[] Generators = [RawGenerator, GeneratorAverage.EmaName, GeneratorAverage.UniformName];

    /// <param name="generator">"raw", or the name of the run's average of G to probe at ("ema", "uniform").</param>
    public static int Run(string directory, string which, IReadOnlyDictionary<string, string> overrides, string generator = RawGenerator)
    {
        ExperimentConfig config;
        TrainingState? state = null;
        GeneratorAverage? average = null;
        var readers = new List<Checkpoints.CheckpointReader>();
        RunDirectory run;
        try
        {
            if (!Generators.Contains(generator, StringComparer.Ordinal))
                throw new BadInputException("--generator", $"is '{generator}'; choose {string.Join(", ", Generators)} (raw: G as trained; ema, uniform: G at the run's average of its iterates).");
            RequireProbeOverrides(overrides);
            (run, config) = RunConfigFile.OpenSavedRun(directory, overrides);
            if (generator != RawGenerator && !(generator == GeneratorAverage.EmaName ? config.Averaging.Ema : config.Averaging.Uniform))
                throw new BadInputException("--generator", $"is '{generator}', but the run keeps no {generator} average (averaging:{generator} is off in its config.json); " +
                    $"choose {string.Join(" or ", Generators.Where(g => g == RawGenerator || (g == GeneratorAverage.EmaName ? config.Averaging.Ema : config.Averaging.Uniform)))}.");
            // The run's state alone (networks, optimizers, rule state, averages): probing needs no trainer and no
            // epoch evaluation, so an image run's classifier is never loaded. Sizes that cannot fit are refused first.
            state = TrainingState.Create(config, run, probe: true);
            if (generator != RawGenerator) average = state.Average(generator)!;
            var all = state.Checkpoints();
            // Every checkpoint is verified and checked against the run before anything is probed or written:
            // 'latest' falls back past a damaged or misfitting latest.ckpt as train --resume does, 'all' skips
            // such files with a warning, and a named file that is unusable is refused.
            if (which == "latest") readers.Add(state.LatestUsableCheckpoint());
            else if (which == "all")
            {
                foreach (var path in all)
                {
                    try
                    {
                        readers.Add(state.OpenCheckpoint(path));
                    }
                    catch (BadInputException e)
                    {
                        Console.Error.WriteLine($"warning: skipped: {e.Issues[0].Message}");
                    }
                }
                if (readers.Count == 0)
                    throw new BadInputException("--checkpoint", $"no usable checkpoint in {run.Checkpoints} (each one was skipped above); have: {string.Join(", ", all.Select(Path.GetFileName))}.");
            }
            else readers.Add(state.OpenNamedCheckpoint(which));
            if (average is not null) readers = Started(readers, average, which == "all");
        }
        catch (BadInputException e)
        {
            state?.Dispose();
            return ConsoleReporter.BadInput(e);
        }

        return Probe(state, readers, run, average, extra: []);
    }

    /// <summary>Probes each checkpoint, appends its line to probe_checkpoints.jsonl, prints the table and redraws the plots; disposes the state.</summary>
    static int Probe(TrainingState state, List<Checkpoints.CheckpointReader> readers, RunDirectory run, GeneratorAverage? average, Dictionary<string, string> extra)
    {
        var (title, players) = (state.Title, state.PlayerNames);
        using (state)
        using (var log = new JsonLines(run.ProbeCheckpoints))
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("checkpoint", "step", "method", "max Re λ", "max |Im λ|", "ρ(update)", "‖A‖/‖J‖", "stable step", "Hessian extremes", "seconds");
            if (average is not null) table.Title(Markup.Escape($"{average.Label} in G's place; D as trained"));
            foreach (var reader in readers)
            {
                var path = reader.Path;
                var reading = state.ProbeCheckpoint(reader, average);
                var record = reading.ToRecord(state.PlayerNames);
                record["checkpoint"] = Path.GetFileName(path);
                // Lines of the raw G carry no "generator" key, as before the option existed.
                if (average is not null) record["generator"] = average.Name;
                foreach (var (key, value) in extra) record[key] = value;
                log.Write(record);
                var s = reading.Spectrum;
                table.AddRow(Markup.Escape(Path.GetFileName(path)), reading.Step.ToString(), s.Method + (s.Converged ? "" : " (not converged)"),
                    $"{s.MaxReal:g4}", $"{s.MaxAbsImaginary:g4}", $"{s.UpdateOperatorSpectralRadius:0.######}",
                    Markup.Escape(RotationCell(s.Split)), Markup.Escape(StableStepCell(s)),
                    Markup.Escape(string.Join("; ", reading.Hessians.Select(h => $"{h.Player}: [{h.Min:g3}, {h.Max:g3}]"))), $"{reading.Seconds:0.0}");
            }
            AnsiConsole.Write(table);
            if (readers.Count > 0 && state.HasSpectralNorm) Console.WriteLine($"{Networks.SpectralNormalization.ProbeNote} (the Jacobian of the forward pass with σ = uᵀ W v, u and v constants)");
            Console.WriteLine($"appended to {log.Path}");
        }
        // From every line of the log, so the pictures show all checkpoints and generators probed so far.
        foreach (var picture in ProbeCheckpointPlots.Draw(run, players, title)) Console.WriteLine($"drew {picture}");
        return ExitCodes.Success;
    }

    /// <summary>"0.83 ± 0.02" (Hutchinson) or "0.83" (exact); "—" when not computed.</summary>
    static string RotationCell(Probes.FieldSplit? split) => split is null || double.IsNaN(split.RotationFraction) ? "—"
        : split.Method == "dense" ? $"{split.RotationFraction:0.000}" : $"{split.RotationFraction:0.000} ± {split.RotationFractionError:0.000}";

    /// <summary>"0.0021 (0.001 used)": the largest stable step of the first player with the one in use; "≤ " marks an upper bound.</summary>
    static string StableStepCell(Probes.SpectrumReport s)
    {
        double c = s.StableStep.Factor;
        if (double.IsNaN(c) || s.StepSizes.Length == 0) return "—";
        if (double.IsPositiveInfinity(c)) return "unbounded";
        if (c == 0) return "none";
        return (s.StableStep.Exact ? "" : "≤ ") + $"{c * s.StepSizes[0]:g3} ({s.StepSizes[0]:g3} used)";
    }

    /// <summary>
    /// The checkpoints whose <paramref name="average"/> has taken in an iterate (step ≥ its start). With --checkpoint
    /// all, earlier ones are skipped with a warning; a single named or latest one that predates the start is refused.
    /// </summary>
    static List<Checkpoints.CheckpointReader> Started(List<Checkpoints.CheckpointReader> readers, GeneratorAverage average, bool all)
    {
        var started = new List<Checkpoints.CheckpointReader>();
        foreach (var reader in readers)
        {
            // Every reader has passed CheckpointFit, which checks its step and the average's count at that step.
            long step = TrainingState.StepOf(reader) ?? throw new InvalidOperationException($"{reader.Path} has no step");
            if (average.CountAt(step) > 0) started.Add(reader);
            else
            {
                var why = $"{Path.GetFileName(reader.Path)} is at step {step}, before the {average.Name} average starts at step {average.Start}: it holds no iterate yet";
                if (!all) throw new BadInputException("--generator", $"is '{average.Name}', but {why}; choose a checkpoint at step ≥ {average.Start} with --checkpoint, or --generator raw.");
                Console.Error.WriteLine($"warning: skipped: {why}");
            }
        }
        if (started.Count == 0)
            throw new BadInputException("--generator", $"is '{average.Name}', but no usable checkpoint is at or after step {average.Start}, where the {average.Name} average starts; probe with --generator raw.");
        return started;
    }
}
