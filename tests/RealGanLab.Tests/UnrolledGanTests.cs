using RealGanLab.Training;
using TorchSharp.Modules;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Optimizers;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// The unrolled GAN as Metz et al. 2017 wrote it: the look-ahead is D's own optimizer (functional twin, same state),
/// its first step is D's real update, and G's surrogate gradient runs through K optimizer steps, state included.
/// </summary>
[NoGarbageCollection]
public class UnrolledGanTests
{
    /// <summary>The tiny MLP game with <paramref name="extra"/> settings, a later value of a key replacing the earlier.</summary>
    static ExperimentConfig Tiny(params string[] extra) => Config(MlpSmokeMatrixTests.TinyMlp.Concat(extra)
        .GroupBy(s => s[..s.IndexOf('=')]).Select(g => g.Last()).ToArray());

    public static TheoryData<string, int> OptimizerKinds() => new()
    {
        { "optimizer:name=sgd optimizer:lr=0.05", 0 },
        { "optimizer:name=sgd optimizer:lr=0.05 optimizer:momentum=0.9", 0 },   // no momentum buffer yet
        { "optimizer:name=sgd optimizer:lr=0.05 optimizer:momentum=0.9", 3 },
        { "optimizer:name=sgd optimizer:lr=0.05 optimizer:momentum=-0.5", 3 },  // negative momentum (Gidel et al. 2019)
        { "optimizer:name=adam optimizer:lr=0.01", 0 },
        { "optimizer:name=adam optimizer:lr=0.01 optimizer:beta1=0.5", 3 },
        { "optimizer:name=rmsprop optimizer:lr=0.01", 3 },
        { "optimizer:name=rmsprop optimizer:lr=0.01 optimizer:momentum=0.5", 3 },
    };

    /// <summary>Real steps of both players along the game's field, so the optimizer's state is not its initial one.</summary>
    static void Warm(IGame game, PlayerOptimizers optimizers, Generator generator, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            optimizers.ApplyAll(game.Evaluate(game.SampleBatch(8, generator, i), createGraph: false).Flat());
        }
    }

    static IReadOnlyList<Tensor> Gradient(Tensor loss, IReadOnlyList<Tensor> inputs) =>
        Vectors.OrZeros(autograd.grad([loss], inputs.ToList(), retain_graph: true, create_graph: false, allow_unused: true), inputs);

    [Theory]
    [MemberData(nameof(OptimizerKinds))]
    public void TheFirstUnrolledStepIsTheStepDsRealOptimizerTakes(string optimizer, int warmSteps)
    {
        var config = Tiny([.. optimizer.Split(' '), "rule:name=unrolled"]);
        using var game = (MixtureGan)GameHost.Create(config);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        using var generator = new Generator(11);
        Warm(game, optimizers, generator, warmSteps);
        optimizers.ScaleLearningRates(0.7);   // the look-ahead must use the scheduled rate, not the configured one
        using var scope = NewDisposeScope();
        var psi = game.Players[PlayerIndex.Discriminator].Parameters.Cast<Tensor>().ToList();
        var batch = game.SampleBatch(8, generator, 99);
        var gradient = Gradient(game.ObjectivesAt(batch, psi).LossD, psi);

        var functional = FunctionalOptimizer.Of(optimizers, PlayerIndex.Discriminator);
        var unrolled = functional.Step(Vectors.Flatten(psi), Vectors.Flatten(gradient)).detach().clone();
        var unrolledState = functional.State.ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        long unrolledStepCount = functional.StepCount;

        optimizers.Apply(PlayerIndex.Discriminator, gradient.Select(g => g.neg()).ToList());

        Assert.True(allclose(Vectors.Flatten(psi), unrolled, rtol: 1e-12, atol: 1e-15), "parameters differ");
        var real = ((OptimizerHelper)optimizers.Optimizers[PlayerIndex.Discriminator]).state_dict().State;
        // SGD keeps no buffer without momentum; with it, every slot of the real state is compared.
        Assert.Equal(optimizer.Contains("momentum") || !optimizer.Contains("sgd"), unrolledState.Count > 0);
        foreach (var (slot, tensor) in unrolledState)
            Assert.True(allclose(Vectors.Flatten(real.Select(s => RealSlot(s, slot))), tensor, rtol: 1e-12, atol: 1e-15), $"{slot} differs");
        if (real[0] is Adam.State adam) Assert.Equal(adam.step, unrolledStepCount);
        if (real[0] is RMSProp.State rms) Assert.Equal(rms.step, unrolledStepCount);
    }

    static Tensor RealSlot(OptimizerState state, string slot) => (state, slot) switch
    {
        (SGD.State s, "momentum_buffer") => s.momentum_buffer,
        (Adam.State s, "exp_avg") => s.exp_avg,
        (Adam.State s, "exp_avg_sq") => s.exp_avg_sq,
        (RMSProp.State s, "square_avg") => s.square_avg,
        (RMSProp.State s, "momentum_buffer") => s.momentum_buffer,
        _ => throw new ArgumentException($"no slot {slot} in {state.GetType().Name}"),
    };

    [Theory]
    [InlineData("saddle")]
    [InlineData("generator")]
    public void TheSurrogateGradientThroughKAdamStepsAgreesWithFiniteDifferences(string surrogate)
    {
        // f_K(θ) = V(θ, ψ_5(θ)) with D unrolled by Adam from a warmed state; −∇θ f_K (autograd through the unroll, the
        // moments' updates included) against central differences of f_K along a random direction of all of θ.
        var config = Tiny("optimizer:name=adam", "optimizer:lr=0.05", "optimizer:beta1=0.5", "rule:name=unrolled", "game:loss=non-saturating");
        using var game = (MixtureGan)GameHost.Create(config);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        using var generator = new Generator(5);
        Warm(game, optimizers, generator, 4);
        var rule = new UnrolledGan(5, "optimizer", null, surrogate);
        rule.Attach(optimizers);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(8, generator, 50);
        var g = game.Players[PlayerIndex.Generator];
        var field = rule.EffectiveField(game, batch).narrow(0, 0, g.Count).detach();
        var direction = randn(g.Count, dtype: float64, generator: new Generator(8));
        direction = direction.div(direction.norm());

        double Surrogate() => rule.Surrogate(game, batch, rule.LookAhead(optimizers)).detach().item<double>();
        void Move(double t)
        {
            using var _ = no_grad();
            var pieces = Vectors.Unflatten(direction.mul(t), g.Parameters);
            for (int i = 0; i < g.Parameters.Count; i++) g.Parameters[i].add_(pieces[i]);
        }
        const double eps = 1e-5;
        Move(eps);
        double plus = Surrogate();
        Move(-2 * eps);
        double minus = Surrogate();
        Move(eps);
        double numeric = -(plus - minus) / (2 * eps);
        double analytic = field.dot(direction).item<double>();
        Assert.True(Math.Abs(analytic) > 1e-6, $"degenerate direction: {analytic}");
        Assert.InRange(numeric, analytic - 1e-6 * Math.Max(1, Math.Abs(analytic)), analytic + 1e-6 * Math.Max(1, Math.Abs(analytic)));
    }

    [Fact]
    public void AStepMovesDByExactlyOneStepOfItsOptimizerAndGAlongTheUnrolledField()
    {
        var config = Tiny("optimizer:name=adam", "optimizer:lr=0.01", "rule:name=unrolled");
        using var game = (MixtureGan)GameHost.Create(config);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        using var generator = new Generator(21);
        Warm(game, optimizers, generator, 2);
        var rule = (UnrolledGan)UpdateRules.Create(config.Rule, config.Optimizer);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(8, generator, 7);
        var psi = game.Players[PlayerIndex.Discriminator].Parameters.Cast<Tensor>().ToList();
        var expected = Vectors.Unflatten(rule.LookAhead(optimizers).Step(Vectors.Flatten(psi), Vectors.Flatten(Gradient(game.ObjectivesAt(batch, psi).LossD, psi))).detach().clone(), psi);
        var thetaBefore = Vectors.Flatten(game.Players[PlayerIndex.Generator].Parameters.Cast<Tensor>().ToList()).detach().clone();
        rule.Step(new StepContext(game, optimizers, () => batch, 0));
        for (int i = 0; i < psi.Count; i++) Assert.True(allclose(psi[i], expected[i], rtol: 1e-12, atol: 1e-15), $"D parameter {i}");
        var thetaAfter = Vectors.Flatten(game.Players[PlayerIndex.Generator].Parameters.Cast<Tensor>().ToList()).detach();
        Assert.True(thetaAfter.sub(thetaBefore).norm().item<double>() > 1e-6);
    }

    [Fact]
    public void ThePlainSgdLookAheadTendsToTheGameFieldAsItsStepVanishes()
    {
        // The kept variant: with the generator surrogate and an unroll step → 0, G's field is v_G.
        var config = Tiny("rule:name=unrolled", "game:loss=non-saturating");
        using var game = (MixtureGan)GameHost.Create(config);
        using var generator = new Generator(4);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(16, generator, 0);
        var g = game.Players[PlayerIndex.Generator];
        var vG = game.Evaluate(batch, createGraph: false).Flat().narrow(0, 0, g.Count).detach();
        Tensor Field(double lr) => new UnrolledGan(3, "sgd", lr, "generator").EffectiveField(game, batch).narrow(0, 0, g.Count).detach();
        Assert.True(Field(1e-9).sub(vG).norm().item<double>() <= 1e-6 * vG.norm().item<double>());
        Assert.InRange(Field(0.5).sub(vG).norm().item<double>() / vG.norm().item<double>(), 1e-3, 10);
    }

    [Fact]
    public void TheOptimizerLookAheadNeedsTheRunsOptimizersBeforeItsFieldIsRead()
    {
        var config = Tiny("rule:name=unrolled");
        using var game = (MixtureGan)GameHost.Create(config);
        using var generator = new Generator(4);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(8, generator, 0);
        Assert.Throws<InvalidOperationException>(() => new UnrolledGan(2).EffectiveField(game, batch));
    }

    [Fact]
    public void AnUnrollStepSizeWithoutThePlainSgdLookAheadIsRefusedNamingTheKey()
    {
        var e = Assert.Throws<BadInputException>(() => Tiny("rule:name=unrolled", "rule:unrollLr=0.5"));
        Assert.Contains("rule:unrollLr", e.Message);
        Assert.Contains("unrollOptimizer=sgd", e.Message);
        Assert.Equal("sgd", Tiny("rule:name=unrolled", "rule:unrollLr=0.5", "rule:unrollOptimizer=sgd").Rule.Options<UnrolledOptions>().UnrollOptimizer);
        var bad = Assert.Throws<BadInputException>(() => Tiny("rule:name=unrolled", "rule:surrogate=sadle"));
        Assert.Contains("rule:surrogate", bad.Message);
    }
}
