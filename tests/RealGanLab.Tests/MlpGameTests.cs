using TorchSharp;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>The neural 2-D game: the probe's Arnoldi against the dense spectrum, packing, the unrolled field, consistency checks.</summary>
[NoGarbageCollection]
public class MlpGameTests
{
    static ExperimentConfig Tiny(params string[] extra) => Config(MlpSmokeMatrixTests.TinyMlp.Concat(extra).ToArray());

    [Theory]
    [InlineData("rule:name=simgd")]
    [InlineData("rule:name=consensus")]
    [InlineData("rule:name=simgd regularizers:r1=1")]
    public void ArnoldiTopKOfASmallMlpGameEqualsItsDenseSpectrum(string settings)
    {
        var config = Tiny(settings.Split(' ').Append("game:loss=minimax").ToArray());
        using var game = GameFactory.Create(config);
        var rule = UpdateRules.Create(config.Rule, config.Optimizer);
        using var generator = new Generator(3);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(64, generator, 0);
        var jacobian = new FieldJacobian(() => rule.EffectiveField(game, batch), game.Parameters);
        var dense = DenseEigen.Eigenvalues(jacobian.Dense());
        Assert.Equal((int)game.ParameterCount, dense.Length);
        const int k = 8;
        var arnoldi = ArnoldiEigensolver.Solve(jacobian.Jvp, jacobian.Size,
            new ArnoldiOptions { K = k, Target = EigenTarget.LargestMagnitude, Tolerance = 1e-12, Seed = 5 }, jacobian.Dtype, jacobian.Device);
        Assert.True(arnoldi.Converged);
        var expected = dense.OrderByDescending(z => z.Magnitude).ToArray();
        double scale = expected[0].Magnitude;
        Assert.True(scale > 1e-3, $"degenerate Jacobian (|λ|max = {scale})");
        // Conjugate pairs can straddle the k-th place: compare the k largest magnitudes and each found eigenvalue's nearest dense one.
        var magnitudes = arnoldi.Eigenvalues.Select(z => z.Magnitude).OrderDescending().ToArray();
        for (int i = 0; i < k; i++) Assert.Equal(expected[i].Magnitude, magnitudes[i], 1e-8 * scale);
        foreach (var z in arnoldi.Eigenvalues)
            Assert.InRange(dense.Min(d => (d - z).Magnitude), 0, 1e-8 * scale);
    }

    [Fact]
    public void PackedDiscriminatorJudgesConsecutiveSamplesConcatenated()
    {
        using var d = new Networks.PackedDiscriminator(2, 3, 1, 5, "relu", "none");
        using var scope = NewDisposeScope();
        var x = randn(6, 2, generator: new Generator(1));
        var packed = d.call(x);
        Assert.Equal([2L], packed.shape);
        var inner = (Networks.Mlp)d.named_children().Single().module;
        var manual = inner.call(x.reshape(2, 6)).squeeze(-1);
        Assert.True(allclose(packed, manual, rtol: 0, atol: 0));
        Assert.Throws<ArgumentException>(() => d.call(randn(5, 2)));
    }

    [Fact]
    public void GradientPenaltiesOfAPackedDiscriminatorTakeTheNormOverEachPack()
    {
        // ‖∇ D(pack)‖² over the pack's concatenated input = the sum of its samples' squared gradient norms.
        using var d = new Networks.PackedDiscriminator(2, 2, 1, 5, "tanh", "none");
        using var scope = NewDisposeScope();
        var x = randn(6, 2, dtype: float64, generator: new Generator(2));
        d.to(float64);
        var perPack = Regularizers.InputGradient.SquaredNorm(v => d.call(v), x, group: 2);
        var perSample = Regularizers.InputGradient.SquaredNorm(v => d.call(v), x, group: 1);
        Assert.Equal([3L], perPack.shape);
        Assert.True(allclose(perPack, perSample.reshape(3, 2).sum(dim: 1), rtol: 1e-12, atol: 1e-15));
        Assert.True(perPack.min().item<double>() > 0);
    }

    [Fact]
    public void UnrolledFieldTendsToTheGameFieldAsTheUnrollStepVanishesAndDiffersOtherwise()
    {
        var config = Tiny("rule:name=unrolled", "game:loss=non-saturating");
        using var game = (MixtureGan)GameFactory.Create(config);
        using var generator = new Generator(4);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(16, generator, 0);
        var g = game.Players[PlayerIndex.Generator];
        var vG = game.Evaluate(batch, createGraph: false).Flat().narrow(0, 0, g.Count).detach();

        Tensor UnrolledField(double lr, int steps) =>
            new UnrolledGan(steps, lr).EffectiveField(game, batch).narrow(0, 0, g.Count).detach();

        var vanishing = UnrolledField(1e-9, 3);
        Assert.True(vanishing.sub(vG).norm().item<double>() <= 1e-6 * vG.norm().item<double>());
        var unrolled = UnrolledField(0.5, 3);
        double relative = unrolled.sub(vG).norm().item<double>() / vG.norm().item<double>();
        Assert.InRange(relative, 1e-3, 10);
        // D's block is the ordinary field.
        var full = new UnrolledGan(3, 0.5).EffectiveField(game, batch).detach();
        var vD = game.Evaluate(batch, createGraph: false).Flat().narrow(0, g.Count, game.ParameterCount - g.Count).detach();
        Assert.True(allclose(full.narrow(0, g.Count, game.ParameterCount - g.Count), vD, rtol: 1e-12, atol: 1e-14));
    }

    [Fact]
    public void UnrolledFieldMatchesAFiniteDifferenceOfTheSurrogateLoss()
    {
        // −∂/∂θ_j L_G(θ, ψ_K(θ)) by central differences on one generator weight, against the autograd field.
        var config = Tiny("rule:name=unrolled", "game:loss=minimax");
        using var game = (MixtureGan)GameFactory.Create(config);
        using var generator = new Generator(6);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(16, generator, 0);
        var field = new UnrolledGan(2, 0.3).EffectiveField(game, batch).detach();
        var theta = game.Players[PlayerIndex.Generator].Parameters[0];
        const double eps = 1e-5;
        double Loss() => game.UnrolledGeneratorLoss(batch, 2, 0.3).detach().item<double>();
        using (no_grad()) theta.view(-1)[0].add_(eps);
        double plus = Loss();
        using (no_grad()) theta.view(-1)[0].sub_(2 * eps);
        double minus = Loss();
        using (no_grad()) theta.view(-1)[0].add_(eps);
        double numeric = -(plus - minus) / (2 * eps);
        Assert.Equal(numeric, field[0].item<double>(), 1e-7);
    }

    [Theory]
    [InlineData("game:batchSize", "discriminator:pack=3")]
    [InlineData("rule:estimator", "discriminator:pack=2 rule:name=consensus rule:estimator=ustat")]
    [InlineData("rule:estimator", "generator:normalization=batch rule:name=consensus rule:estimator=per_sample")]
    [InlineData("discriminator:normalization", "discriminator:normalization=batch rule:name=unrolled")]
    [InlineData("game:batchSize", "discriminator:pack=8 rule:name=consensus rule:estimator=split")]
    [InlineData("regularizers:mse", "regularizers:mse=1")]
    public void InconsistentNeuralSettingsAreRejectedNamingTheKey(string key, string settings)
    {
        var e = Assert.Throws<ConfigException>(() => Tiny(settings.Split(' ')));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void UnrolledNeedsANeuralGame()
    {
        var e = Assert.Throws<ConfigException>(() => Config("game:name=dirac", "rule:name=unrolled", "rule:unrollLr=0.1"));
        Assert.Contains("rule:name", e.Message);
    }
}
