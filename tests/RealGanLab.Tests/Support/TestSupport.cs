using RealGanLab.Training;
using System.Numerics;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Optimizers;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>Builds games, rules and probes from config overrides the way the command line does.</summary>
public static class TestSupport
{
    /// <summary>A validated config from section:key=value pairs (environment ignored).</summary>
    public static ExperimentConfig Config(params string[] overrides) =>
        ConfigLoader.Load(null, overrides.Select(o => o.Split('=', 2)).ToDictionary(p => p[0], p => p[1]), useEnvironment: false);

    /// <summary>Eigenvalues of the Jacobian of the rule's followed field at the game's equilibrium (dense, float64).</summary>
    public static Complex[] EigenvaluesAtEquilibrium(params string[] overrides) => ProbeAtEquilibrium(overrides).Eigenvalues;

    public static SpectrumReport ProbeAtEquilibrium(params string[] overrides) =>
        AtEquilibrium((game, rule, batch, optimizers, config) =>
            SpectrumProbe.Run(game, rule, batch, optimizers.StepSizes(), optimizers.Momentum, config.Probe, config.Seed), overrides);

    /// <summary>
    /// Builds the analytic game, rule and optimizers of the overrides, puts the game at its first equilibrium and reads
    /// something there on a batch seeded by the config's seed (inside one dispose scope: return plain values, or reports).
    /// </summary>
    public static T AtEquilibrium<T>(Func<IAnalyticGame, IUpdateRule, GameBatch, PlayerOptimizers, ExperimentConfig, T> read, params string[] overrides)
    {
        var config = Config(overrides);
        using var game = (IAnalyticGame)GameHost.Create(config);
        var rule = UpdateRules.Create(config.Rule, config.Optimizer);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        GameState.Set(game, game.Equilibria[0]);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(config.Game.BatchSize, new Generator((ulong)config.Seed), 0);
        return read(game, rule, batch, optimizers, config);
    }

    /// <summary>Asserts that two multisets of eigenvalues agree to an absolute tolerance (greedy nearest matching).</summary>
    public static void AssertSameSpectrum(IEnumerable<Complex> expected, IEnumerable<Complex> actual, double tolerance)
    {
        var left = actual.ToList();
        var wanted = expected.ToList();
        Assert.Equal(wanted.Count, left.Count);
        foreach (var e in wanted)
        {
            var best = left.MinBy(a => (a - e).Magnitude);
            Assert.True((best - e).Magnitude <= tolerance,
                $"eigenvalue {e} not found within {tolerance:g3}: nearest {best}; all: {string.Join(", ", actual)}");
            left.Remove(best);
        }
    }

    public static Complex C(double re, double im = 0) => new(re, im);

    /// <summary>The two roots of λ² − tλ + d = 0 (trace t, determinant d).</summary>
    public static Complex[] QuadraticRoots(double trace, double determinant)
    {
        var disc = Complex.Sqrt(trace * trace / 4 - determinant);
        return [trace / 2 + disc, trace / 2 - disc];
    }
}
