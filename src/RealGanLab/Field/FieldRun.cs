using RealGanLab.Training;
using System.Diagnostics;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Optimizers;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static TorchSharp.torch;

namespace RealGanLab.Field;

/// <summary>
/// The 'field' experiment: runs an analytic game under a rule from its start point, records the
/// trajectory, judges it, and probes the spectrum of the followed field at the game's equilibrium
/// (parameters restored afterwards). One dispose scope per step.
/// </summary>
public static class FieldRun
{
    /// <summary>Validates what only the built game can tell (start length) and returns it; throws <see cref="BadInputException"/>.</summary>
    public static IAnalyticGame CreateGame(ExperimentConfig config)
    {
        var game = GameHost.Create(config);
        if (game is not IAnalyticGame analytic)
        {
            game.Dispose();
            throw new BadInputException("game:name", $"'field' needs an analytic game; '{config.Game.Name}' is not one");
        }
        if (config.Game.Start is { } start && start.Length != game.ParameterCount)
        {
            game.Dispose();
            throw new BadInputException("game:start",
                $"has {start.Length} values; game '{game.Name}' has {game.ParameterCount} parameters ({string.Join(", ", analytic.CoordinateNames)}).");
        }
        return analytic;
    }

    public static FieldResult Run(ExperimentConfig config, IAnalyticGame game, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var rule = UpdateRules.Create(config.Rule, config.Optimizer);
        using var ruleState = rule as IDisposable;
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        var start = config.Game.Start ?? game.DefaultStart;
        GameState.Set(game, start);
        var target = game.Equilibria.MinBy(e => GameState.Distance(e, start))!;

        using var generator = new Generator((ulong)config.Seed);
        long step = 0;
        var context = new StepContext(game, optimizers, () => game.SampleBatch(config.Game.BatchSize, generator, step), 0);
        var trajectory = new List<TrajectoryPoint>(config.Field.Steps + 1);
        bool finite = true;
        for (; step < config.Field.Steps && !cancel.IsCancellationRequested; step++)
        {
            using var scope = NewDisposeScope();
            var state = GameState.Get(game);
            var result = rule.Step(context with { Step = step });
            trajectory.Add(new TrajectoryPoint(step, state, GameState.Distance(state, target), result.FieldNorms, result.Losses));
            finite = state.All(double.IsFinite) && result.FieldNorms.All(double.IsFinite);
            if (!finite) break;
            if (step % Math.Max(1, config.Field.Steps / 100) == 0) progress?.Report((double)step / config.Field.Steps);
        }
        using (var probeBatch = ProbeBatch(config, game))
        {
            if (finite) trajectory.Add(FinalPoint(game, probeBatch, step, target));
            finite &= trajectory[^1].State.All(double.IsFinite);
            progress?.Report(1.0);

            var (outcome, summary) = TrajectoryVerdict.Judge(trajectory, target, game.Equilibria, finite);
            var spectrum = ProbeAt(game, rule, probeBatch, optimizers, config, target);
            var gameSpectrum = rule.ModifiesField
                ? ProbeAt(game, new SimultaneousGradientDescent(), probeBatch, optimizers, config, target).Eigenvalues
                : spectrum.Eigenvalues;
            // The arrows need 441 evaluations of the followed field: a slice of the probe batch is enough to draw them.
            using var arrowBatch = probeBatch.Slice(0, Math.Min(probeBatch.Size, 64));
            var arrows = game.ParameterCount == 2 ? Arrows(game, rule, arrowBatch, trajectory, target, config.Field.Grid) : [];
            return new FieldResult
            {
                Config = config, GameTitle = game.Title, RuleTitle = rule.Title, FollowedField = rule.FollowedField,
                CoordinateNames = game.CoordinateNames, GeneratorCoordinates = (int)game.Players[PlayerIndex.Generator].Count,
                Equilibrium = target, Equilibria = game.Equilibria, Trajectory = trajectory, Finite = finite,
                Outcome = outcome, Summary = summary, Spectrum = spectrum, GameEigenvalues = gameSpectrum, StepSizes = optimizers.LearningRates.ToArray(),
                Momentum = optimizers.Momentum, OptimizerName = optimizers.Name, Arrows = arrows, Seconds = clock.Elapsed.TotalSeconds,
                ProbeBatchSize = probeBatch.Size, Warnings = Warnings(config),
            };
        }
    }

    /// <summary>
    /// A fixed batch for probing: large for stochastic games so the spectrum is close to that of E v; drawn
    /// for the last step, so annealed instance noise is probed at the σ the run ended with.
    /// </summary>
    static GameBatch ProbeBatch(ExperimentConfig config, IGame game)
    {
        using var generator = new Generator((ulong)config.Seed + 1);
        int size = game is GanGame { Stochastic: true } ? config.Probe.BatchSize : config.Game.BatchSize;
        using var scope = NewDisposeScope();
        return game.SampleBatch(size, generator, config.Field.Steps).KeepAlive();
    }

    /// <summary>Settings whose spectrum at the equilibrium needs a caveat.</summary>
    static IReadOnlyList<string> Warnings(ExperimentConfig config)
    {
        var warnings = new List<string>();
        // WGAN-GP and DRAGAN both penalise (‖∇D‖ − 1)², and on the Dirac-GAN ∇_x D = ψ wherever the penalty is taken.
        if ((config.Regularizers["wganGp"] > 0 || config.Regularizers["dragan"] > 0) && config.Game.Name == "dirac")
            warnings.Add((config.Regularizers["wganGp"] > 0 ? "WGAN-GP's" : "DRAGAN's") + " (‖∇D‖ − 1)² is not differentiable where ∇_x D = 0, which on the Dirac-GAN is the equilibrium (ψ = 0): " +
                         "the eigenvalues there reflect the 1e-12 smoothing of the norm, not the game.");
        return warnings;
    }

    static TrajectoryPoint FinalPoint(IGame game, GameBatch batch, long step, double[] target)
    {
        using var scope = NewDisposeScope();
        var state = GameState.Get(game);
        var evaluation = game.Evaluate(batch, createGraph: false);
        var result = StepResult.From(evaluation, game);
        return new TrajectoryPoint(step, state, GameState.Distance(state, target), result.FieldNorms, result.Losses);
    }

    /// <summary>The spectrum at the equilibrium; the trained parameters are put back afterwards.</summary>
    static SpectrumReport ProbeAt(IGame game, IUpdateRule rule, GameBatch batch, PlayerOptimizers optimizers, ExperimentConfig config, double[] equilibrium)
    {
        var saved = GameState.Get(game);
        try
        {
            GameState.Set(game, equilibrium);
            using var scope = NewDisposeScope();
            return SpectrumProbe.Run(game, rule, batch, optimizers.StepSizes(), optimizers.Momentum, config.Probe, config.Seed);
        }
        finally
        {
            GameState.Set(game, saved);
        }
    }

    /// <summary>The followed field on a grid covering the trajectory and the equilibrium (2-D games).</summary>
    static IReadOnlyList<FieldArrow> Arrows(IGame game, IUpdateRule rule, GameBatch batch, IReadOnlyList<TrajectoryPoint> trajectory, double[] target, int grid)
    {
        var finitePoints = trajectory.Select(p => p.State).Where(s => s.All(double.IsFinite)).Append(target).ToList();
        var (xMin, xMax) = Span(finitePoints.Select(s => s[0]));
        var (yMin, yMax) = Span(finitePoints.Select(s => s[1]));
        // A square window, so that the figure with square axis units is covered by arrows.
        double half = Math.Max(xMax - xMin, yMax - yMin) / 2, xMid = (xMin + xMax) / 2, yMid = (yMin + yMax) / 2;
        (xMin, xMax, yMin, yMax) = (xMid - half, xMid + half, yMid - half, yMid + half);
        var saved = GameState.Get(game);
        var arrows = new List<FieldArrow>(grid * grid);
        try
        {
            for (int i = 0; i < grid; i++)
            for (int j = 0; j < grid; j++)
            {
                double x = xMin + (xMax - xMin) * i / (grid - 1), y = yMin + (yMax - yMin) * j / (grid - 1);
                GameState.Set(game, [x, y]);
                using var scope = NewDisposeScope();
                var w = Vectors.ToArray(rule.EffectiveField(game, batch));
                arrows.Add(new FieldArrow(x, y, w[0], w[1]));
            }
        }
        finally
        {
            GameState.Set(game, saved);
        }
        return arrows;
    }

    static (double Min, double Max) Span(IEnumerable<double> values)
    {
        var list = values.ToList();
        double min = list.Min(), max = list.Max();
        double pad = Math.Max((max - min) * 0.15, 0.25);
        return (min - pad, max + pad);
    }
}
