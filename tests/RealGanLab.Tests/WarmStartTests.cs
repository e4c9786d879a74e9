using System.Numerics;
using RealGanLab.Configuration;
using RealGanLab.Training;
using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Warm-started Arnoldi: started from the Ritz vectors of a solve of a nearby operator (as the live probe is, from the previous
/// probe's), it finds the same eigenvalues as a cold start, to the residual tolerance, and — when the operator moved little —
/// with fewer products.
/// </summary>
[NoGarbageCollection]
public class WarmStartTests(LinearGameFixture large) : IClassFixture<LinearGameFixture>
{
    [Theory]
    [InlineData(EigenTarget.LargestMagnitude)]
    [InlineData(EigenTarget.LargestReal)]
    [InlineData(EigenTarget.LargestImaginary)]
    public void AWarmStartOnANearbyOperatorFindsTheColdTopKWithFewerProducts(EigenTarget target)
    {
        using var scope = NewDisposeScope();
        var a = large.Matrix;
        // The next probe's operator: A plus a perturbation of relative size 1e-4.
        var e = randn(a.shape, dtype: float64, generator: new Generator(17));
        var next = a.add(e.mul(1e-4 * a.norm().item<double>() / e.norm().item<double>()));
        var options = new ArnoldiOptions { K = 8, Target = target, Tolerance = 1e-10, MaxRestarts = 500, Seed = 3 };
        var previous = ArnoldiEigensolver.Solve(u => a.mv(u), a.shape[0], options, float64, CPU);
        Assert.True(previous.Converged);

        var cold = ArnoldiEigensolver.Solve(u => next.mv(u), a.shape[0], options, float64, CPU);
        var warm = ArnoldiEigensolver.Solve(u => next.mv(u), a.shape[0], options with { Start = previous.RitzSum }, float64, CPU);
        Assert.True(cold.Converged && warm.Converged);
        Assert.Equal(cold.Eigenvalues.Length, warm.Eigenvalues.Length);
        double scale = cold.Eigenvalues.Max(z => z.Magnitude);
        foreach (var z in warm.Eigenvalues)
            Assert.InRange(cold.Eigenvalues.Min(c => (c - z).Magnitude), 0.0, 1e-7 * scale);
        Assert.True(warm.Products < cold.Products, $"warm {warm.Products} products, cold {cold.Products}");
    }

    [Fact]
    public void TheWarmStartSurvivesItsCheckpointTensorExactlyAndForgetsZeroRows()
    {
        using var warm = new ArnoldiWarmStart();
        using var scope = NewDisposeScope();
        warm.Store(EigenTarget.LargestMagnitude, randn(50, dtype: float64, generator: new Generator(1)));
        warm.Store(EigenTarget.LargestImaginary, randn(50, dtype: float64, generator: new Generator(2)));
        var rows = warm.ToTensor()!;
        Assert.Equal(ArnoldiWarmStart.Shape(50), rows.shape);
        Assert.Equal(0.0, rows[1].abs().max().item<double>());
        using var restored = new ArnoldiWarmStart();
        restored.Replace(rows);
        Assert.Equal(0.0, restored.ToTensor()!.sub(rows).abs().max().item<double>());
        Assert.Null(restored.For(EigenTarget.LargestReal, 50, CPU));
        Assert.Null(restored.For(EigenTarget.LargestMagnitude, 49, CPU));
        Assert.Equal(1.0, restored.For(EigenTarget.LargestMagnitude, 50, CPU)!.norm().item<double>(), 12);
        Assert.Throws<ArgumentException>(() => restored.Replace(zeros(2, 50, dtype: float64)));
    }

    [Fact]
    public void TheProbesWarmStartGivesTheColdTopKOfAnMlpGame()
    {
        // Two probes of a small MLP game on the Arnoldi path, the second at a point moved by a few SGD-sized steps.
        var config = Config(MlpSmokeMatrixTests.TinyMlp.Concat(["game:loss=minimax", "probe:denseLimit=0", "probe:k=4", "probe:tol=1e-9",
            "probe:maxRestarts=200", "probe:hutchinsonSamples=0"]).ToArray());
        using var game = GameHost.Create(config);
        var rule = UpdateRules.Create(config.Rule, config.Optimizer);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        using var warm = new ArnoldiWarmStart();
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(64, new Generator(3), 0);
        var first = SpectrumProbe.Run(game, rule, batch, optimizers.StepSizes(), 0, config.Probe, 1, warm: warm);
        Assert.False(first.WarmStarted);
        var x = GameState.GetTensor(game);
        GameState.Set(game, x.add(game.Evaluate(batch, createGraph: false).Flat().mul(0.01)));
        var warmReport = SpectrumProbe.Run(game, rule, batch, optimizers.StepSizes(), 0, config.Probe, 1, warm: warm);
        var coldReport = SpectrumProbe.Run(game, rule, batch, optimizers.StepSizes(), 0, config.Probe, 1);
        Assert.True(warmReport.WarmStarted);
        Assert.True(warmReport.Converged && coldReport.Converged);
        double scale = coldReport.Eigenvalues.Max(z => z.Magnitude);
        foreach (var z in warmReport.Eigenvalues)
            Assert.InRange(coldReport.Eigenvalues.Min(c => (c - z).Magnitude), 0.0, 1e-6 * scale);
        Assert.Equal(coldReport.MaxReal, warmReport.MaxReal, 1e-6 * scale);
        Assert.Equal(coldReport.MaxAbsImaginary, warmReport.MaxAbsImaginary, 1e-6 * scale);
    }
}
