using RealGanLab.Training;
using TorchSharp;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>The neural 2-D game: the probe's Arnoldi against the dense spectrum, packing, consistency checks (the unrolled rule: UnrolledGanTests).</summary>
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
        using var game = GameHost.Create(config);
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

    [Theory]
    [InlineData("game:batchSize", "discriminator:pack=3")]
    [InlineData("rule:estimator", "discriminator:pack=2 rule:name=consensus rule:estimator=ustat")]
    [InlineData("rule:estimator", "generator:normalization=batch rule:name=consensus rule:estimator=per_sample")]
    [InlineData("discriminator:normalization", "discriminator:normalization=batch rule:name=unrolled")]
    [InlineData("game:batchSize", "discriminator:pack=8 rule:name=consensus rule:estimator=split")]
    [InlineData("regularizers:mse", "regularizers:mse=1")]
    public void InconsistentNeuralSettingsAreRejectedNamingTheKey(string key, string settings)
    {
        var e = Assert.Throws<BadInputException>(() => Tiny(settings.Split(' ')));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void UnrolledNeedsANeuralGame()
    {
        var e = Assert.Throws<BadInputException>(() => Config("game:name=dirac", "rule:name=unrolled"));
        Assert.Contains("rule:name", e.Message);
    }
}
