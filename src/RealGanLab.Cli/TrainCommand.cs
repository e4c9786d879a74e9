using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using RealGanLab.Configuration;
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
        var data = new Option<string?>("--data") { Description = $"Dataset: {DatasetsFor(images: false)}; {DatasetsFor(images: true)} (data:name)." };
        var rule = new Option<string?>("--rule") { Description = $"Update rule: {string.Join(", ", UpdateRules.Names)} (rule:name)." };
        var steps = new Option<int?>("--steps") { Description = "Training steps (train:steps); may be raised on --resume to train longer." };
        var seed = new Option<int?>("--seed") { Description = "Seed of initialisation, data order and every noise draw (seed)." };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or auto (device)." };
        var out_ = new Option<string?>("--out", "-o") { Description = "Run directory (default runs/<data>-<rule>-s<seed>-<time>)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its latest checkpoint; refused if the config differs (except train:steps)." };
        var force = new Option<bool>("--force") { Description = "Delete an existing, non-empty --out and start afresh." };
        var initFrom = new Option<string?>("--init-from")
        {
            Description = "Start from PyTorch weights: a folder with generator.pt and discriminator.pt (state dicts) or one .pt file holding both (train:initFrom; docs/pytorch.md).",
        };
        var stopAt = new Option<long?>("--stop-at") { Description = "Checkpoint and stop (as if interrupted) when this step is reached; for tests and scripted pauses." };

        var command = new Command("train", "Train generator and discriminator under an update rule: MLPs on a 2-D Gaussian mixture (game mlp), " +
            "DCGAN players on MNIST or Stacked MNIST (game dcgan), or the compression game's encoder–decoder G (game compression); " +
            "writes config.json, metrics.jsonl, probe.jsonl, samples/, plots/, checkpoints/, tensorboard/, summary.json and DONE. " +
            "Exit codes: 0 done, 2 bad input or the run directory is being trained by another process, 3 diverged, " +
            "4 a write into the run directory failed (disk full; the newest checkpoint is intact, resume after freeing space), 130 interrupted (resumable). " + CommonOptions.OverrideHelp)
        {
            config, data, rule, steps, seed, device, out_, resume, force, stopAt, initFrom,
        };
        command.SetAction(parse =>
        {
            var named = new Dictionary<string, string?>
            {
                ["data:name"] = parse.GetValue(data), ["rule:name"] = parse.GetValue(rule),
                ["train:steps"] = parse.GetValue(steps)?.ToString(CultureInfo.InvariantCulture),
                ["seed"] = parse.GetValue(seed)?.ToString(CultureInfo.InvariantCulture), ["device"] = parse.GetValue(device),
                ["train:initFrom"] = parse.GetValue(initFrom),
            };
            foreach (var (key, value) in named) if (value is not null) overrides[key] = value;
            return Run(parse.GetValue(config), overrides, parse.GetValue(out_), parse.GetValue(resume), parse.GetValue(force), parse.GetValue(stopAt));
        });
        return command;
    }

    /// <summary>
    /// Opens the run session (docs/design.md §3: the lifecycle lives in the library), trains with a progress display,
    /// prints the summary and maps the outcome to an exit code; Ctrl-C and SIGTERM stop training at the next step
    /// boundary with a checkpoint.
    /// </summary>
    /// <param name="configJson">A resolved config to start from instead of a file (a sweep member's), layered above train's defaults.</param>
    /// <param name="useEnvironment">Whether REALGANLAB_* variables override the config (not for sweep members: their config is the sweep's).</param>
    /// <param name="onError">
    /// Told the error behind exit code 2 or 4 (refused input, a failed write) after it is reported: a sweep worker puts its
    /// message in its outcome record.
    /// </param>
    public static int Run(string? configFile, IReadOnlyDictionary<string, string> overrides, string? outDirectory, bool resume, bool force, long? stopAt,
        string? configJson = null, bool useEnvironment = true, Action<Exception>? onError = null)
    {
        using var cancel = new CancellationTokenSource();
        var request = new RunRequest(configFile, overrides, outDirectory, resume, force, stopAt, configJson, useEnvironment, cancel.Token, PhaseReporter.ForConsole());
        RunSession session;
        try
        {
            session = RunSession.Open(request, warning => Console.Error.WriteLine($"warning: {warning}"));
        }
        catch (BadInputException e)
        {
            onError?.Invoke(e);
            return ConsoleReporter.BadInput(e);
        }
        catch (RunWriteException e)
        {
            onError?.Invoke(e);
            return WriteFailed(e, outDirectory);
        }
        using (session)
        {
            if (session.AlreadyEnded is { } ended)
            {
                Console.WriteLine($"{session.Run.Path} has already ended ({ended.Text}); nothing to resume." +
                    (ended.Status == RunStatus.Completed ? " Raise --steps to train longer." : ""));
                return ended.Status == RunStatus.Diverged ? ExitCodes.Diverged : ExitCodes.Success;
            }

            // Ctrl-C and SIGTERM only raise a flag; the loop saves a checkpoint at the next step boundary and stops.
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; cancel.Cancel(); });
            try
            {
                var config = session.Config;
                var label = $"{config.Data.Name} · {config.Rule.Name} · seed {config.Seed}";
                Console.WriteLine($"run directory: {session.Run.Path}{(session.Resumed ? $" (resuming at step {session.Step})" : "")}");
                var summary = TrainReporter.Run(label, config.Train.Steps, progress => session.Train(progress));
                Print(summary, session.Run);
                return summary.Status switch
                {
                    "completed" => ExitCodes.Success,
                    "diverged" => ExitCodes.Diverged,
                    _ => ExitCodes.Interrupted,
                };
            }
            catch (RunWriteException e)
            {
                onError?.Invoke(e);
                return WriteFailed(e, session.Run.Path);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }

    /// <summary>A failed write: what failed, what is intact, how to go on; no stack trace.</summary>
    static int WriteFailed(RunWriteException e, string? runPath)
    {
        Console.Error.WriteLine($"error: {e.Message}; free space and resume with realganlab train --out {e.RunPath ?? runPath} --resume");
        return ExitCodes.WriteFailed;
    }

    static void Print(RunSummary s, RunDirectory run)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn("");
        table.AddRow("status", Markup.Escape(s.Status + (s.Cause is null ? "" : $" at step {s.DivergedAtStep}: {s.Cause}")));
        table.AddRow("game", Markup.Escape($"{s.Game} ({s.ParameterCount:N0} parameters)"));
        table.AddRow("rule", Markup.Escape(s.Rule));
        table.AddRow("steps", Markup.Escape($"{s.Step} of {s.Steps}, epoch {s.Epoch}; {s.StepsPerSecond:0.#} steps/s; probe {s.ProbeShare:P1} of {s.Seconds:0.#} s"));
        if (s.Final is Metrics.ModeCoverageResult f) table.AddRow("mode metrics", Markup.Escape($"{f.Short} ({f.Samples} samples)"));
        if (s.Final is Metrics.MixtureResult k) table.AddRow("k-NN metrics", Markup.Escape(k.ManifoldShort));
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
                ProbeSummary.RotationAndStableStep(p) + (s.ProbeNote is null ? "" : $"; {s.ProbeNote}")));
        if (s.LatestCheckpoint is not null) table.AddRow("checkpoint", Markup.Escape(s.LatestCheckpoint));
        if (s.Status == "interrupted") table.AddRow("resume", Markup.Escape($"realganlab train --out {run.Path} --resume"));
        table.AddRow("outputs", Markup.Escape(run.Path));
        AnsiConsole.Write(table);
    }

    /// <summary>"ring, grid, file (game mlp)": the datasets of one kind and the games that take them, from the registries.</summary>
    static string DatasetsFor(bool images)
    {
        var games = GameFactory.Names.Where(g => GameFactory.IsNeural(g) && GameFactory.IsImageGame(g) == images).ToList();
        var names = Datasets.Entries.Where(e => e.IsImages == images).Select(e => e.Name);
        return $"{string.Join(", ", names)} ({(games.Count == 1 ? "game" : "games")} {string.Join(", ", games)})";
    }
}
