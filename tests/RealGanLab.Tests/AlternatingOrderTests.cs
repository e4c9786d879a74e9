using RealGanLab.Training;
using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Optimizers;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Alternating GD in both orders (rule:order): the linearised update operator on the Dirac-GAN against the product
/// of the two block updates by hand, and one nonlinear step against the G and D updates done one after the other.
/// </summary>
[NoGarbageCollection]
public class AlternatingOrderTests
{
    /// <summary>f′(0) of the Dirac-GAN's f(t) = −log(1 + e^{−t}) (docs/design.md §2).</summary>
    const double A = 0.5;

    /// <summary>The dense update operator of the rule at the Dirac-GAN's equilibrium, in (θ, ψ) order, and the dense J there.</summary>
    static (double[,] Operator, double[,] Jacobian) OperatorAtEquilibrium(params string[] overrides)
    {
        var config = Config(overrides);
        using var game = (IAnalyticGame)GameHost.Create(config);
        var rule = UpdateRules.Create(config.Rule, config.Optimizer);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        GameState.Set(game, game.Equilibria[0]);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(config.Game.BatchSize, new Generator(1), 0);
        var jacobian = new FieldJacobian(() => rule.EffectiveField(game, batch), game.Parameters);
        var context = UpdateOperator.Context(game, rule, jacobian.Jvp, optimizers.StepSizes().to(jacobian.Dtype), optimizers.Momentum);
        var product = UpdateOperator.Product(rule, context);
        var op = new double[2, 2];
        for (int j = 0; j < 2; j++)
        {
            var e = zeros(2, dtype: jacobian.Dtype);
            e[j] = 1.0;
            var column = product(e);
            for (int i = 0; i < 2; i++) op[i, j] = column[i].item<double>();
        }
        var dense = jacobian.Dense();
        var j2 = new double[2, 2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) j2[i, j] = dense[i, j].item<double>();
        return (op, j2);
    }

    static double[,] Multiply(double[,] x, double[,] y)
    {
        var z = new double[2, 2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) z[i, j] = x[i, 0] * y[0, j] + x[i, 1] * y[1, j];
        return z;
    }

    static void AssertMatrixEqual(double[,] expected, double[,] actual, double tolerance)
    {
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                Assert.InRange(actual[i, j], expected[i, j] - tolerance, expected[i, j] + tolerance);
    }

    [Theory]
    [InlineData(0.1, 0.1, 1)]
    [InlineData(0.05, 0.4, 1)]
    [InlineData(0.2, 0.3, 3)]
    public void LinearizedOperatorOfEachOrderIsTheProductOfTheBlockUpdates(double hG, double hD, int nDis)
    {
        string[] common = ["optimizer:name=sgd", "optimizer:momentum=0", $"optimizer:lrG={hG}", $"optimizer:lrD={hD}",
            "rule:name=altgd", $"rule:nDis={nDis}"];
        var (dFirst, jacobian) = OperatorAtEquilibrium([.. common, "rule:order=d-first"]);
        var (gFirst, _) = OperatorAtEquilibrium([.. common, "rule:order=g-first"]);

        // J at (0, 0) in (θ, ψ) order: [[0, f′(0)], [−f′(0), 0]].
        AssertMatrixEqual(new double[,] { { 0, A }, { -A, 0 } }, jacobian, 1e-12);
        // One D step moves ψ by hD·(−f′(0)θ), one G step moves θ by hG·f′(0)ψ; n_dis D steps compose to −n_dis·hD·f′(0).
        var dBlocks = new double[,] { { 1, 0 }, { -nDis * hD * A, 1 } };
        var gBlock = new double[,] { { 1, hG * A }, { 0, 1 } };
        var dFirstByHand = Multiply(gBlock, dBlocks);
        var gFirstByHand = Multiply(dBlocks, gBlock);
        AssertMatrixEqual(dFirstByHand, dFirst, 1e-12);
        AssertMatrixEqual(gFirstByHand, gFirst, 1e-12);

        // The orders differ (the h² term sits on θ's diagonal for d-first, on ψ's for g-first) ...
        double h2 = nDis * hG * hD * A * A;
        Assert.Equal(1 - h2, dFirst[0, 0], 12);
        Assert.Equal(1.0, dFirst[1, 1], 12);
        Assert.Equal(1.0, gFirst[0, 0], 12);
        Assert.Equal(1 - h2, gFirst[1, 1], 12);
        // ... but AB and BA share det = 1 and trace 2 − n_dis·hG·hD·f′(0)², so the same eigenvalues: on the unit circle
        // while |trace| < 2 (both rotate, neither converges nor diverges).
        foreach (var m in new[] { dFirst, gFirst })
        {
            Assert.Equal(1.0, m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0], 12);
            Assert.Equal(2 - h2, m[0, 0] + m[1, 1], 12);
            var roots = QuadraticRoots(m[0, 0] + m[1, 1], m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]);
            Assert.All(roots, z => Assert.Equal(1.0, z.Magnitude, 12));
            Assert.All(roots, z => Assert.InRange(Math.Abs(z.Imaginary), 1e-3, 1.0));
        }
    }

    [Theory]
    [InlineData("d-first")]
    [InlineData("g-first")]
    public void ProbeReadsRadiusOneForEitherOrder(string order)
    {
        var report = ProbeAtEquilibrium("rule:name=altgd", $"rule:order={order}", "optimizer:lr=0.3");
        Assert.Equal(1.0, report.UpdateOperatorSpectralRadius, 9);
    }

    /// <summary>v of the Dirac-GAN at a state, as (v_θ, v_ψ).</summary>
    static (double Theta, double Psi) Field(IGame game, double theta, double psi)
    {
        GameState.Set(game, [theta, psi]);
        using var scope = NewDisposeScope();
        var v = game.Evaluate(game.SampleBatch(1, new Generator(1), 0), createGraph: false).Flat();
        return (v[0].item<double>(), v[1].item<double>());
    }

    [Theory]
    [InlineData("d-first")]
    [InlineData("g-first")]
    public void OneNonlinearStepOnTheDiracGanIsTheBlockUpdatesInOrder(string order)
    {
        // SGD with h = 0.4 and n_dis = 2 from (1, 1), far from the equilibrium where the field is not linear.
        const double h = 0.4, theta0 = 1.0, psi0 = 1.0;
        var config = Config("optimizer:name=sgd", "optimizer:momentum=0", $"optimizer:lr={h}", "rule:name=altgd", "rule:nDis=2",
            $"rule:order={order}", "game:loss=non-saturating");
        using var game = GameHost.Create(config);
        var rule = UpdateRules.Create(config.Rule, config.Optimizer);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);

        // By hand, from the field alone: each block moves its player by h·v at the current state.
        double theta = theta0, psi = psi0;
        if (order == "g-first") theta += h * Field(game, theta, psi).Theta;
        for (int k = 0; k < 2; k++) psi += h * Field(game, theta, psi).Psi;
        if (order == "d-first") theta += h * Field(game, theta, psi).Theta;

        GameState.Set(game, [theta0, psi0]);
        var generator = new Generator(1);
        long drawn = 0;
        using (NewDisposeScope())
            rule.Step(new StepContext(game, optimizers, () => game.SampleBatch(1, generator, drawn++), 0));
        var after = GameState.Get(game);
        Assert.Equal(theta, after[0], 12);
        Assert.Equal(psi, after[1], 12);
        Assert.Equal(3, drawn);

        // The other order lands elsewhere: the step is not order-blind.
        double thetaOther = theta0, psiOther = psi0;
        if (order == "d-first") thetaOther += h * Field(game, thetaOther, psiOther).Theta;
        for (int k = 0; k < 2; k++) psiOther += h * Field(game, thetaOther, psiOther).Psi;
        if (order == "g-first") thetaOther += h * Field(game, thetaOther, psiOther).Theta;
        Assert.True(Math.Abs(thetaOther - theta) + Math.Abs(psiOther - psi) > 1e-3);
    }

    [Fact]
    public void GFirstStepOfAnMlpGameWithAdamIsTheGUpdateThenTheDUpdates()
    {
        var config = Config([.. MlpSmokeMatrixTests.TinyMlp, "rule:name=altgd", "rule:nDis=2", "rule:order=g-first"]);
        using var game = GameHost.Create(config);
        using var byHand = GameHost.Create(config);
        Assert.Equal(GameState.Get(game), GameState.Get(byHand));
        var rule = UpdateRules.Create(config.Rule, config.Optimizer);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        using var handOptimizers = OptimizerFactory.Create(config.Optimizer, byHand);
        var start = GameState.Get(game);

        for (int step = 0; step < 2; step++)
        {
            using var scope = NewDisposeScope();
            var generator = new Generator(7 + (ulong)step);
            long drawn = 0;
            rule.Step(new StepContext(game, optimizers, () => game.SampleBatch(8, generator, drawn++), step));

            var handGenerator = new Generator(7 + (ulong)step);
            long handDrawn = 0;
            handOptimizers.ApplyFlat(PlayerIndex.Generator,
                byHand.Evaluate(byHand.SampleBatch(8, handGenerator, handDrawn++), createGraph: false).Flat());
            for (int k = 0; k < 2; k++)
                handOptimizers.ApplyFlat(PlayerIndex.Discriminator,
                    byHand.Evaluate(byHand.SampleBatch(8, handGenerator, handDrawn++), createGraph: false).Flat());
            Assert.Equal(3, drawn);
        }
        var after = GameState.Get(game);
        Assert.Equal(GameState.Get(byHand), after);
        Assert.True(GameState.Distance(start, after) > 1e-4, "the step did not move the parameters");
    }
}
