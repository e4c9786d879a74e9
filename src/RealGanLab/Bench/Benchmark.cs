using RealGanLab.Numerics;
using System.Diagnostics;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Native;
using RealGanLab.Optimizers;
using RealGanLab.Probes;
using RealGanLab.Rules;
using RealGanLab.Training;
using static TorchSharp.torch;

namespace RealGanLab.Bench;

/// <summary>
/// 'realganlab bench': times what training runs — the rule's step exactly as the trainer calls it (batch draw, field,
/// update, the one host read of the step's scalars) — and the probe's products, with the protocol of
/// docs/performance.md: a fresh seeded game per row, untimed warm-up steps, then each timed step on its own, the device
/// synchronised before and after it; the median is reported. Benchmarks, not tests: these numbers are never asserted.
/// </summary>
public static class Benchmark
{
    /// <summary>The config of one model and rule, over train's built-in defaults (environment not read).</summary>
    public static ExperimentConfig Config(BenchModel model, string rule, BenchOptions options)
    {
        var overrides = new Dictionary<string, string>(model.Settings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in model.RuleSettings(rule)) overrides[key] = value;
        overrides["device"] = options.Device;
        overrides["seed"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return CommandConfig.Resolve(ConfigPurpose.Train, null, overrides, useEnvironment: false);
    }

    /// <summary>Median step time of one rule on one model.</summary>
    public static StepTiming TimeSteps(BenchModel model, string rule, BenchOptions options)
    {
        var config = Config(model, rule, options);
        using var game = GameHost.Create(config);
        var device = game.Device;
        var updateRule = UpdateRules.Create(config.Rule, config.Optimizer);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        using var rng = new Generator(RandomStreams.Seed(config.Seed, RandomStreams.Training));
        long step = 0;
        var context = new StepContext(game, optimizers, () => ((GanGame)game).SampleTrainingBatch(config.Game.BatchSize, rng, step), 0);
        var times = new List<double>(options.Steps);
        var clock = new Stopwatch();
        for (int i = 0; i < options.Warmup + options.Steps; i++, step++)
        {
            Devices.Synchronize(device);
            clock.Restart();
            using (NewDisposeScope())
            {
                ((GanGame)game).AdvanceSpectralNorm();   // as the trainer does: one power iteration per step
                updateRule.Step(context with { Step = step });
            }
            Devices.Synchronize(device);
            if (i >= options.Warmup) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        double median = Median(times);
        return new StepTiming(model.Name, rule, game.ParameterCount, config.Game.BatchSize, Math.Round(median, 4), Math.Round(1000 / median, 2), times.Count);
    }

    /// <summary>
    /// The probe's costs at the model's initial parameters on one probe batch (the game's own field v, as the probe of a
    /// simgd run): one gradient evaluation, one JVP (first, with the graph build, and later ones), one VJP, and a top-k
    /// Arnoldi run by largest magnitude with the live probe's MNIST settings (subspace 60, tol 1e-2, 3 restarts).
    /// </summary>
    public static ProbeTiming TimeProbe(BenchModel model, BenchOptions options)
    {
        var config = Config(model, "simgd", options);
        using var game = GameHost.Create(config);
        var device = game.Device;
        using var rng = new Generator(RandomStreams.Seed(config.Seed, RandomStreams.ProbeBatch));
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(config.Probe.BatchSize, rng, 0);
        Tensor Field(bool graph) => game.Evaluate(batch, createGraph: graph).Flat();
        Tensor Direction() => randn(game.ParameterCount, dtype: game.Dtype, device: device);

        var gradient = Repeat(options.ProbeRepetitions + 2, device, () => Field(false)).Skip(2).ToList();
        double jvpFirst = Time(device, () =>
        {
            using var inner = NewDisposeScope();
            new FieldJacobian(() => Field(true), game.Parameters).Jvp(Direction());
        });
        var jacobian = new FieldJacobian(() => Field(true), game.Parameters);
        var jvp = Repeat(options.ProbeRepetitions + 1, device, () => jacobian.Jvp(Direction())).Skip(1).ToList();
        var vjp = Repeat(options.ProbeRepetitions + 1, device, () => jacobian.Vjp(Direction())).Skip(1).ToList();

        ArnoldiResult? result = null;
        FieldJacobian? arnoldiJacobian = null;
        var arnoldiOptions = new ArnoldiOptions
        {
            K = options.ArnoldiK, Target = EigenTarget.LargestMagnitude, Subspace = options.ArnoldiSubspace, Tolerance = 1e-2, MaxRestarts = 3, Seed = 1,
        };
        double arnoldi = Time(device, () =>
        {
            // The graph build counts: it is part of every probe.
            arnoldiJacobian = new FieldJacobian(() => Field(true), game.Parameters);
            result = ArnoldiEigensolver.Solve(arnoldiJacobian.Jvp, arnoldiJacobian.Size, arnoldiOptions, arnoldiJacobian.Dtype, arnoldiJacobian.Device);
        });
        return new ProbeTiming
        {
            Model = model.Name, Parameters = game.ParameterCount, Batch = config.Probe.BatchSize,
            GradientMs = Round(Median(gradient)), JvpMs = Round(Median(jvp)), JvpFirstMs = Round(jvpFirst), VjpMs = Round(Median(vjp)),
            ArnoldiMs = Round(arnoldi), ArnoldiK = options.ArnoldiK, ArnoldiProducts = arnoldiJacobian!.Products, ArnoldiConverged = result!.Converged,
        };
    }

    static IEnumerable<double> Repeat(int count, Device device, Func<Tensor> work)
    {
        for (int i = 0; i < count; i++)
            yield return Time(device, () =>
            {
                using var scope = NewDisposeScope();
                work();
            });
    }

    static double Time(Device device, Action work)
    {
        Devices.Synchronize(device);
        var clock = Stopwatch.StartNew();
        work();
        Devices.Synchronize(device);
        return clock.Elapsed.TotalMilliseconds;
    }

    static double Round(double x) => Math.Round(x, 4);

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values");
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
