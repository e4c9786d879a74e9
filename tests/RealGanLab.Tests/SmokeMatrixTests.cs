using RealGanLab.Training;
using RealGanLab.Games;
using RealGanLab.Losses;
using RealGanLab.Optimizers;
using RealGanLab.Probes;
using RealGanLab.Configuration;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Every rule × regularizer × loss × analytic game runs 20 steps and a probe without error, with finite
/// losses, fields and eigenvalues. Regularizers and losses are crossed with the games
/// that have them; the others reject them (see ConfigTests).
/// </summary>
[NoGarbageCollection]
public class SmokeMatrixTests
{
    /// <summary>Every registered rule's smoke variants, less those the analytic games refuse (a rule that unrolls a neural D).</summary>
    public static readonly string[][] RuleVariants =
        [.. UpdateRules.Entries.Where(e => !e.Needs.HasFlag(RuleNeeds.UnrollableDiscriminator)).SelectMany(e => e.SmokeVariants)];

    public static IEnumerable<object[]> DiracCases() =>
        from rule in RuleVariants
        // Every registered regularizer: the Dirac-GAN has a discriminator on data and a paired target.
        from regularizer in new[] { "" }.Concat(RegularizerRegistry.Entries.Select(e => e.Key))
        from loss in LossFamilies.Names
        select new object[] { string.Join(" ", rule), regularizer, loss };

    public static IEnumerable<object[]> DataFreeCases() =>
        from rule in RuleVariants
        from game in new[] { "bilinear", "cos-sin", "linear" }
        select new object[] { string.Join(" ", rule), game };

    public static IEnumerable<object[]> PointwiseCases() =>
        from rule in RuleVariants
        from loss in LossFamilies.Names
        select new object[] { string.Join(" ", rule), loss };

    public static IEnumerable<object[]> OptimizerCases() =>
        from rule in RuleVariants
        from optimizer in new[] { "optimizer:name=adam", "optimizer:name=rmsprop", "optimizer:momentum=-0.5", "optimizer:momentum=0.7" }
        select new object[] { string.Join(" ", rule), optimizer };

    [Theory]
    [MemberData(nameof(DiracCases))]
    public void DiracGan(string rule, string regularizer, string loss)
    {
        var overrides = rule.Split(' ').Concat(["game:name=dirac", $"game:loss={loss}", "game:dataStd=0.3"]).ToList();
        if (regularizer.Length > 0) overrides.AddRange(RegularizerRegistry.Entries.Single(e => e.Key == regularizer).SmokeOverrides);
        RunSmoke(overrides.ToArray());
    }

    [Theory]
    [MemberData(nameof(DataFreeCases))]
    public void DataFreeGames(string rule, string game) =>
        RunSmoke(rule.Split(' ').Concat([$"game:name={game}", "game:size=8"]).ToArray());

    [Theory]
    [MemberData(nameof(PointwiseCases))]
    public void PointwiseField(string rule, string loss) =>
        RunSmoke(rule.Split(" ").Concat(["game:name=pointwise", $"game:loss={loss}", "optimizer:lr=0.01"]).ToArray());

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void Optimizers(string rule, string optimizer) =>
        RunSmoke(rule.Split(' ').Concat(["game:name=dirac", "regularizers:r1=0.5", optimizer]).ToArray());

    static void RunSmoke(string[] overrides)
    {
        var config = Config(overrides);
        using var game = GameHost.Create(config);
        var rule = UpdateRules.Create(config.Rule);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        var generator = new Generator((ulong)config.Seed);
        for (int step = 0; step < 20; step++)
        {
            using var scope = NewDisposeScope();
            var result = rule.Step(new StepContext(game, optimizers, () => game.SampleBatch(config.Game.BatchSize, generator, step), step));
            Assert.All(result.Losses, l => Assert.True(double.IsFinite(l), $"loss {l} at step {step}"));
            Assert.All(result.FieldNorms, n => Assert.True(double.IsFinite(n), $"‖v‖ {n} at step {step}"));
        }
        Assert.All(GameState.Get(game), x => Assert.True(double.IsFinite(x)));
        using var probeScope = NewDisposeScope();
        var report = SpectrumProbe.Run(game, rule, game.SampleBatch(config.Game.BatchSize, generator, 20),
            optimizers.StepSizes(), optimizers.Momentum, config.Probe, config.Seed);
        Assert.Equal((int)game.ParameterCount, report.Eigenvalues.Length);
        Assert.All(report.Eigenvalues, z => Assert.True(double.IsFinite(z.Real) && double.IsFinite(z.Imaginary), $"eigenvalue {z}"));
        Assert.True(double.IsFinite(report.UpdateOperatorSpectralRadius));
    }
}
