using RealGanLab.Training;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Losses;
using RealGanLab.Optimizers;
using RealGanLab.Probes;
using RealGanLab.Regularizers;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Every rule, regularizer and loss runs a few steps and a probe on a tiny MLP game, every pair of them in some case
/// (a pairwise design), with finite losses, fields and eigenvalues; plus packing, normalization and activation variants.
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class MlpSmokeMatrixTests
{
    /// <summary>G: 2 → 4 → 2, D: 2 → 4 → 1 — 39 parameters, so the probe takes the dense Jacobian.</summary>
    public static readonly string[] TinyMlp =
    [
        "game:name=mlp", "dtype=float64", "game:batchSize=8", "generator:latent=2", "generator:hiddenLayers=1", "generator:width=4",
        "discriminator:hiddenLayers=1", "discriminator:width=4", "optimizer:name=adam", "optimizer:lr=0.001", "probe:batchSize=16",
    ];

    /// <summary>Every registered rule's smoke variants.</summary>
    public static readonly string[][] RuleVariants = [.. UpdateRules.Entries.SelectMany(e => e.SmokeVariants)];

    /// <summary>Every registered regularizer a mixture GAN takes (one that needs a paired target is refused there: MlpGameTests), and none.</summary>
    public static readonly IReadOnlyList<string> Regularizers =
        ["", .. RegularizerRegistry.Entries.Where(e => !e.Needs.HasFlag(RegularizerNeeds.PairedTarget)).Select(e => e.Key)];

    /// <summary>
    /// Rule variant × regularizer × loss as a pairwise design (<see cref="PairwiseDesign"/>): every rule variant meets
    /// every regularizer and every loss, every regularizer every loss, in some case — not every triple. Each
    /// registry entry still runs in several cases; the two-factor interactions (a rule differentiating through a
    /// penalty, a penalty on a loss's discriminator output) are all there.
    /// </summary>
    public static IEnumerable<object[]> Cases() =>
        PairwiseDesign.Rows([.. RuleVariants.Select(r => string.Join(" ", r))], Regularizers, LossFamilies.Names)
            .Select(row => new object[] { row[0], row[1], row[2] });

    public static IEnumerable<object[]> NetworkVariants() =>
        from rule in RuleVariants.Where(r => !r.Contains("rule:estimator=per_sample") && !r.Contains("rule:estimator=ustat"))
        from variant in new[]
        {
            "discriminator:pack=4", "generator:normalization=batch", "discriminator:normalization=layer",
            "generator:activation=leaky_relu discriminator:activation=tanh", "data:name=grid generator:activation=softplus",
        }
        select new object[] { string.Join(" ", rule), variant };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RuleRegularizerLoss(string rule, string regularizer, string loss)
    {
        var overrides = TinyMlp.Concat(rule.Split(' ')).Append($"game:loss={loss}").ToList();
        if (regularizer.Length > 0) overrides.AddRange(RegularizerRegistry.Entries.Single(e => e.Key == regularizer).SmokeOverrides);
        RunSmoke(overrides.ToArray());
    }

    [Theory]
    [MemberData(nameof(NetworkVariants))]
    public void PackingNormalizationActivation(string rule, string variant) =>
        RunSmoke(TinyMlp.Concat(rule.Split(' ')).Concat(variant.Split(' ')).Append("regularizers:r1=0.5").ToArray());

    static void RunSmoke(string[] overrides)
    {
        var config = Config(overrides);
        using var game = GameHost.Create(config);
        Assert.IsType<MixtureGan>(game);
        var rule = UpdateRules.Create(config.Rule, config.Optimizer);
        using var state = rule as IDisposable;
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        using var generator = new Generator((ulong)config.Seed);
        var before = GameState.Get(game);
        for (int step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            var result = rule.Step(new StepContext(game, optimizers, () => game.SampleBatch(config.Game.BatchSize, generator, step), step));
            Assert.All(result.Losses, l => Assert.True(double.IsFinite(l), $"loss {l} at step {step}"));
            Assert.All(result.FieldNorms, n => Assert.True(double.IsFinite(n) && n > 0, $"‖v‖ {n} at step {step}"));
        }
        var after = GameState.Get(game);
        Assert.All(after, x => Assert.True(double.IsFinite(x)));
        // Both players moved.
        foreach (var p in game.Players)
            Assert.True(Enumerable.Range((int)p.Offset, (int)p.Count).Any(i => after[i] != before[i]), $"{p.Name} did not move");
        using var probeScope = NewDisposeScope();
        var report = SpectrumProbe.Run(game, rule, game.SampleBatch(config.Probe.BatchSize, generator, 5),
            optimizers.StepSizes(), optimizers.Momentum, config.Probe, config.Seed);
        Assert.Equal("dense", report.Method);
        Assert.Equal((int)game.ParameterCount, report.Eigenvalues.Length);
        Assert.All(report.Eigenvalues, z => Assert.True(double.IsFinite(z.Real) && double.IsFinite(z.Imaginary), $"eigenvalue {z}"));
        Assert.True(double.IsFinite(report.UpdateOperatorSpectralRadius));
    }
}
