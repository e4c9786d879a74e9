using System.CommandLine;
using System.Globalization;
using RealGanLab.Configuration;
using RealGanLab.Field;
using RealGanLab.Output;
using Spectre.Console;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab field: runs an analytic game under an update rule and writes spectrum.json, trajectory.csv,
/// field.png and params.png (plus the resolved config.json) into --out.
/// </summary>
public static class FieldCommand
{
    public static Command Create(Dictionary<string, string> overrides)
    {
        var config = CommonOptions.Config("configs/field/dirac-consensus.json");
        var game = new Option<string?>("--game") { Description = "Game: dirac, bilinear, cos-sin, pointwise, linear (game:name)." };
        var loss = new Option<string?>("--loss") { Description = "Loss family: minimax, non-saturating, wasserstein, hinge, least-squares, density-ratio (game:loss)." };
        var rule = new Option<string?>("--rule") { Description = "Update rule: simgd, altgd, consensus, extragradient, optimistic, sga (rule:name)." };
        var steps = new Option<int?>("--steps") { Description = "Number of update steps (field:steps, default 2000)." };
        var lr = new Option<double?>("--lr") { Description = "Learning rate h of both players (optimizer:lr, default 0.1); per player: --optimizer:lrG / lrD." };
        var gamma = new Option<double?>("--gamma") { Description = "Consensus weight γ: follows v − γ∇(½‖v‖²) (rule:gamma, default 1)." };
        var estimator = new Option<string?>("--estimator") { Description = "Consensus ‖v‖² estimator: batch, per_sample, split, ustat (rule:estimator)." };
        var r1 = new Option<double?>("--r1") { Description = "R1 weight γ of the (γ/2)‖∇_x D‖² penalty on real data (regularizers:r1)." };
        var mse = new Option<double?>("--mse") { Description = "Added MSE weight μ of μ‖G − target‖² on the generator (regularizers:mse)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of every random draw (seed, default 0)." };
        var out_ = new Option<string?>("--out", "-o") { Description = "Output directory (default runs/field-<game>-<rule>-<time>)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing, non-empty output directory." };

        var command = new Command("field", "Run an analytic game (Dirac-GAN, x·y, cos–sin, point-wise, linear) under an update rule; " +
            "write the spectrum at the equilibrium, the trajectory and the field plot. " + CommonOptions.OverrideHelp)
        {
            config, game, loss, rule, steps, lr, gamma, estimator, r1, mse, seed, out_, force,
        };
        command.SetAction(parse =>
        {
            var named = new Dictionary<string, string?>
            {
                ["game:name"] = parse.GetValue(game), ["game:loss"] = parse.GetValue(loss), ["rule:name"] = parse.GetValue(rule),
                ["field:steps"] = Invariant(parse.GetValue(steps)), ["optimizer:lr"] = Invariant(parse.GetValue(lr)),
                ["rule:gamma"] = Invariant(parse.GetValue(gamma)), ["rule:estimator"] = parse.GetValue(estimator),
                ["regularizers:r1"] = Invariant(parse.GetValue(r1)), ["regularizers:mse"] = Invariant(parse.GetValue(mse)),
                ["seed"] = Invariant(parse.GetValue(seed)),
            };
            foreach (var (key, value) in named) if (value is not null) overrides[key] = value;
            return Run(parse.GetValue(config), overrides, parse.GetValue(out_), parse.GetValue(force));
        });
        return command;
    }

    /// <summary>What to do when --force is refused.</summary>
    const string ForceFix = "--force replaces only a field output directory made by realganlab that holds nothing but its files. " +
        "Choose another --out, or move your files away (an output made before realganlab marked its directories: delete it by hand).";

    static string? Invariant<T>(T? value) where T : struct, IFormattable =>
        value?.ToString(null, CultureInfo.InvariantCulture);

    public static int Run(string? configFile, IReadOnlyDictionary<string, string> overrides, string? outDirectory, bool force)
    {
        ExperimentConfig config;
        Games.IAnalyticGame game;
        string target;
        try
        {
            config = CommandConfig.Resolve(ConfigPurpose.Field, configFile, overrides);
            Training.MemoryEstimate.EnsureFits(config, probe: true);
            target = outDirectory ?? Path.Combine("runs", $"field-{config.Game.Name}-{config.Rule.Name}-{DateTime.Now:yyyyMMdd-HHmmss}");
            OutputPath.CheckDirectory(target, "--out");
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                if (!force) throw new BadInputException("--out", $"'{target}' exists and is not empty; choose another --out or pass --force to replace it.");
                // --force replaces an earlier field output, never a folder the tool did not make.
                OwnershipMarker.EnsureReplaceable(Path.GetFullPath(target), OwnershipMarker.Field, FieldWriter.IsOutput, "--out", ForceFix);
            }
            game = FieldRun.CreateGame(config);
        }
        catch (BadInputException e)
        {
            return ConsoleReporter.BadInput(e);
        }

        using (game)
        {
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                var result = ConsoleReporter.WithProgress($"{config.Game.Name} / {config.Rule.Name}",
                    progress => FieldRun.Run(config, game, progress, cancel.Token));
                using var staged = new StagedDirectory(target, OwnershipMarker.Field, FieldWriter.IsOutput, "--out", ForceFix);
                FieldWriter.WriteAll(result, Provenance.Capture(config.Seed, config.Device), staged.Path);
                staged.Commit();
                Print(result, staged.FinalPath);
                return ExitCodes.Success;
            }
            catch (BadInputException e)
            {
                // The output directory changed while the game ran (files put there), or its folder cannot be written.
                return ConsoleReporter.BadInput(e);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }

    static void Print(FieldResult r, string directory)
    {
        var s = r.Spectrum;
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn("");
        table.AddRow("game", Markup.Escape(r.GameTitle));
        table.AddRow("rule", Markup.Escape($"{r.RuleTitle}; follows w = {r.FollowedField}"));
        table.AddRow("equilibrium", Markup.Escape(string.Join(", ", r.Equilibrium.Take(6).Select(x => x.ToString("g4")))));
        var shown = s.Eigenvalues.Take(8).Select(Format);
        table.AddRow($"eigenvalues of ∂w/∂x ({s.Method})", Markup.Escape(string.Join("\n", shown) + (s.Eigenvalues.Length > 8 ? $"\n… {s.Eigenvalues.Length} in all" : "")));
        if (!r.GameEigenvalues.SequenceEqual(s.Eigenvalues))
            table.AddRow("eigenvalues of ∂v/∂x (the game)", Markup.Escape(string.Join("\n", r.GameEigenvalues.Take(8).Select(Format))));
        table.AddRow("continuous time", Markup.Escape(r.ContinuousVerdict));
        table.AddRow("update operator radius", Markup.Escape($"{s.UpdateOperatorSpectralRadius:0.000000000} — {r.UpdateOperatorVerdict}"));
        if (s.StepSizes.Length > 0 && !double.IsNaN(s.StableStep.Factor))
            table.AddRow("largest stable step", Markup.Escape(double.IsFinite(s.StableStep.Factor) && s.StableStep.Factor > 0
                ? $"{s.StableStep.Factor * s.StepSizes[0]:g6} ({s.StepSizes[0]:g4} in use; {Training.ProbeSummary.StableStepPhrase(s.StableStep.Factor)})"
                : Training.ProbeSummary.StableStepPhrase(s.StableStep.Factor)));
        if (s.Split is { } split)
            table.AddRow("potential / rotation", Markup.Escape($"‖S‖_F² {split.SymmetricSquared:g4}, ‖A‖_F² {split.AntisymmetricSquared:g4}, rotation fraction ‖A‖/‖J‖ {split.RotationFraction:0.0000}"));
        table.AddRow("trajectory", Markup.Escape(r.Summary));
        foreach (var warning in r.Warnings) table.AddRow("[yellow]warning[/]", Markup.Escape(warning));
        if (s.Method == "arnoldi" && !s.Converged) table.AddRow("[yellow]warning[/]", "Arnoldi did not reach the tolerance; see the residuals in spectrum.json");
        table.AddRow("outputs", Markup.Escape(directory));
        AnsiConsole.Write(table);
    }

    static string Format(System.Numerics.Complex z) =>
        $"{z.Real:+0.000000;-0.000000} {(z.Imaginary < 0 ? "-" : "+")} {Math.Abs(z.Imaginary):0.000000}i";
}
