using System.CommandLine;
using System.Text.Json.Nodes;
using RealGanLab.Configuration;
using RealGanLab.Training;
using Spectre.Console;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab probe RUN_DIR: the live probe, after the fact, at saved checkpoints of a training run — same
/// probe batch and settings as the run (probe settings can be overridden, e.g. --probe:k=20). Appends one line
/// per checkpoint to RUN_DIR/probe_checkpoints.jsonl and prints a table.
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
        var command = new Command("probe", "Probe the game's Jacobian spectrum, the players' Hessian extremes and the update-operator radius " +
            "at saved checkpoints of a training run. Probe keys can be overridden: --probe:k=20 --probe:which=LR --train:hessianIterations=50.")
        {
            runDir, checkpoint, device,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(device) is { } name) overrides["device"] = name;
            return Run(parse.GetValue(runDir)!, parse.GetValue(checkpoint) ?? "latest", overrides);
        });
        return command;
    }

    public static int Run(string directory, string which, IReadOnlyDictionary<string, string> overrides)
    {
        var run = new RunDirectory(directory);
        ExperimentConfig config;
        Trainer trainer;
        IReadOnlyList<string> paths;
        try
        {
            if (!File.Exists(run.Config))
                throw new ConfigException("RUN_DIR", $"'{directory}' has no config.json; give a directory written by 'realganlab train'.");
            var savedJson = JsonNode.Parse(File.ReadAllText(run.Config))?["config"]?.ToJsonString()
                ?? throw new ConfigException("RUN_DIR", $"'{run.Config}' has no \"config\" object.");
            var bad = overrides.Keys.Where(k => !k.StartsWith("probe:", StringComparison.OrdinalIgnoreCase)
                && !k.Equals("train:hessianIterations", StringComparison.OrdinalIgnoreCase) && !k.Equals("device", StringComparison.OrdinalIgnoreCase)).ToList();
            if (bad.Count > 0)
                throw new ConfigException(bad[0], "only probe:* keys, train:hessianIterations and the device can be changed when probing a saved run.");
            config = CommandConfig.Resolve(ConfigPurpose.Train, null, overrides, useEnvironment: false, savedJson);
            trainer = Trainer.Create(config, run, new TrainOptions());
            var all = trainer.Checkpoints();
            paths = which switch
            {
                "all" => all,
                "latest" => all.Where(p => Path.GetFileName(p) == "latest.ckpt").ToList(),
                _ => [File.Exists(which) ? which : Path.Combine(run.Checkpoints, which)],
            };
            if (paths.Count == 0 || paths.Any(p => !File.Exists(p)))
                throw new ConfigException("--checkpoint", $"no checkpoint '{which}' in {run.Checkpoints}; have: {string.Join(", ", all.Select(Path.GetFileName))}.");
        }
        catch (ConfigException e)
        {
            return ConsoleReporter.BadInput(e);
        }

        using (trainer)
        using (var log = new JsonLines(Path.Combine(run.Path, "probe_checkpoints.jsonl")))
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("checkpoint", "step", "method", "max Re λ", "max |Im λ|", "ρ(update)", "Hessian extremes", "seconds");
            foreach (var path in paths)
            {
                var reading = trainer.ProbeCheckpoint(path);
                var record = reading.ToRecord(trainer.PlayerNames);
                record["checkpoint"] = Path.GetFileName(path);
                log.Write(record);
                var s = reading.Spectrum;
                table.AddRow(Markup.Escape(Path.GetFileName(path)), reading.Step.ToString(), s.Method + (s.Converged ? "" : " (not converged)"),
                    $"{s.MaxReal:g4}", $"{s.MaxAbsImaginary:g4}", $"{s.UpdateOperatorSpectralRadius:0.######}",
                    Markup.Escape(string.Join("; ", reading.Hessians.Select(h => $"{h.Player}: [{h.Min:g3}, {h.Max:g3}]"))), $"{reading.Seconds:0.0}");
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"appended to {log.Path}");
        }
        return ExitCodes.Success;
    }
}
