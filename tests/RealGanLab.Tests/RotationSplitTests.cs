using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Probes;
using RealGanLab.Rules;
using RealGanLab.Training;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// The potential/rotation split J = S + A: Hutchinson's estimates of ‖S‖_F² and ‖A‖_F² against the exact ones (inside their
/// own confidence intervals, and with standard errors of the right size), and the exact split against the Dirac-GAN's
/// closed forms (J = [[0, −f′], [f′, 0]] plain, f′ = f′(0) = ½).
/// </summary>
[NoGarbageCollection]
public class RotationSplitTests(LinearGameFixture large) : IClassFixture<LinearGameFixture>
{
    /// <summary>|estimate − exact| ≤ 3.5 standard errors: a 1-in-2,000 event for a correct estimator, with fixed seeds.</summary>
    const double Z = 3.5;

    [Fact]
    public void HutchinsonOnARandomLinearGameOfSize50IsWithinItsConfidenceIntervals()
    {
        var (a, _) = RandomSpectrumMatrix.Create(50, seed: 21, float64);
        using var scope = NewDisposeScope();
        AssertWithinIntervals(a, u => a.mv(u), u => a.t().mv(u), samples: 64, seed: 4);
    }

    [Fact]
    public void HutchinsonOnTheLinearGameOfSize2000IsWithinItsConfidenceIntervals()
    {
        using var scope = NewDisposeScope();
        var game = large.Game;
        var jacobian = new FieldJacobian(() => game.Evaluate(game.SampleBatch(1, new Generator(1), 0), true).Flat(), game.Parameters);
        AssertWithinIntervals(large.Matrix, jacobian.Jvp, jacobian.Vjp, samples: 32, seed: 9);
    }

    [Theory]
    [InlineData("rule:name=simgd")]
    [InlineData("rule:name=consensus")]
    public void HutchinsonOnASmallMlpGameIsWithinItsConfidenceIntervals(string rule)
    {
        var config = Config(MlpSmokeMatrixTests.TinyMlp.Append(rule).Append("game:loss=minimax").ToArray());
        using var game = GameHost.Create(config);
        var updateRule = UpdateRules.Create(config.Rule, config.Optimizer);
        using var generator = new Generator(3);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(64, generator, 0);
        var jacobian = new FieldJacobian(() => updateRule.EffectiveField(game, batch), game.Parameters);
        AssertWithinIntervals(jacobian.Dense(), jacobian.Jvp, jacobian.Vjp, samples: 48, seed: 2);
    }

    [Fact]
    public void APotentialGameHasNoRotationAndItsSymmetricExtremesAreExact()
    {
        // J symmetric: A = 0 exactly, so every Hutchinson sample of ‖Az‖² is rounding.
        var (m, _) = RandomSpectrumMatrix.Create(60, seed: 3, float64);
        using var scope = NewDisposeScope();
        var symmetric = m.add(m.t()).mul(0.5);
        var exact = RotationSplit.Dense(symmetric);
        Assert.Equal(0.0, exact.AntisymmetricSquared);
        Assert.Equal(0.0, exact.RotationFraction);
        var estimate = RotationSplit.Estimate(u => symmetric.mv(u), u => symmetric.t().mv(u), 60, 16, 1, float64, CPU,
            new LanczosOptions { MaxIterations = 60 });
        Assert.InRange(estimate.AntisymmetricSquared, 0.0, 1e-24 * estimate.SymmetricSquared);
        Assert.InRange(estimate.RotationFraction, 0.0, 1e-12);
        // Lanczos on S exhausts the 60 dimensions: its extremes are S's.
        var eigenvalues = linalg.eigvalsh(symmetric).data<double>().ToArray();
        Assert.Equal(eigenvalues[0], estimate.SymmetricMin, 1e-9);
        Assert.Equal(eigenvalues[^1], estimate.SymmetricMax, 1e-9);
        Assert.Equal(eigenvalues[0], exact.SymmetricMin, 1e-12);
        Assert.Equal(eigenvalues[^1], exact.SymmetricMax, 1e-12);
    }

    [Theory]
    [InlineData("minimax")]
    [InlineData("non-saturating")]
    public void ThePlainDiracGanIsPureRotation(string loss)
    {
        // J = [[0, −½], [½, 0]]: S = 0, ‖A‖_F² = 2·¼.
        var split = ProbeAtEquilibrium($"game:loss={loss}").Split!;
        Assert.Equal("dense", split.Method);
        Assert.InRange(split.SymmetricSquared, 0.0, 1e-20);
        Assert.Equal(0.5, split.AntisymmetricSquared, 12);
        Assert.Equal(1.0, split.RotationFraction, 12);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void ConsensusMovesMassIntoTheSymmetricPart(double gamma)
    {
        // J − γJᵀJ at the equilibrium: S = −γf′²·I, A unchanged; rotation fraction 1/√(1 + γ²f′²).
        var split = ProbeAtEquilibrium("rule:name=consensus", $"rule:gamma={gamma}").Split!;
        Assert.Equal(2 * gamma * gamma / 16, split.SymmetricSquared, 10);
        Assert.Equal(0.5, split.AntisymmetricSquared, 10);
        Assert.Equal(1 / Math.Sqrt(1 + gamma * gamma / 4), split.RotationFraction, 10);
        Assert.Equal(-gamma / 4, split.SymmetricMin, 10);
        Assert.Equal(-gamma / 4, split.SymmetricMax, 10);
    }

    [Fact]
    public void R1PutsItsWeightOnDsDiagonalOfS()
    {
        // J = [[0, −½], [½, −γ]]: S = diag(0, −γ).
        const double gamma = 0.7;
        var split = ProbeAtEquilibrium($"regularizers:r1={gamma}").Split!;
        Assert.Equal(gamma * gamma, split.SymmetricSquared, 10);
        Assert.Equal(0.5, split.AntisymmetricSquared, 10);
        Assert.Equal(-gamma, split.SymmetricMin, 10);
        Assert.Equal(0.0, split.SymmetricMax, 10);
    }

    [Fact]
    public void OneProbeVectorIsRefusedByTheConfigAndTheEstimator()
    {
        var error = Assert.Throws<BadInputException>(() => Config("probe:hutchinsonSamples=1"));
        Assert.Contains("probe:hutchinsonSamples", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => RotationSplit.Estimate(u => u, u => u, 4, 1, 1, float64, CPU));
    }

    /// <summary>
    /// Both estimates within Z standard errors of the exact values, and each standard error within a factor 2 of the true
    /// one, √(2(‖B‖_F² − Σ B_ii²)/N) for B = SᵀS (resp. AᵀA): the variance of zᵀBz for Rademacher z.
    /// </summary>
    static void AssertWithinIntervals(Tensor dense, Func<Tensor, Tensor> jvp, Func<Tensor, Tensor> vjp, int samples, long seed)
    {
        var exact = RotationSplit.Dense(dense);
        var estimate = RotationSplit.Estimate(jvp, vjp, dense.shape[0], samples, seed, float64, CPU);
        Assert.Equal("hutchinson", estimate.Method);
        Assert.Equal(samples, estimate.Samples);
        Assert.Equal(2 * samples, estimate.Products);
        Assert.InRange(Math.Abs(estimate.SymmetricSquared - exact.SymmetricSquared), 0.0, Z * estimate.SymmetricSquaredError);
        Assert.InRange(Math.Abs(estimate.AntisymmetricSquared - exact.AntisymmetricSquared), 0.0, Z * estimate.AntisymmetricSquaredError);
        Assert.InRange(Math.Abs(estimate.RotationFraction - exact.RotationFraction), 0.0, Z * estimate.RotationFractionError);

        var j = dense.to(float64);
        var s = j.add(j.t()).mul(0.5);
        var a = j.sub(j.t()).mul(0.5);
        Assert.InRange(estimate.SymmetricSquaredError / TrueError(s, samples), 0.5, 2.0);
        Assert.InRange(estimate.AntisymmetricSquaredError / TrueError(a, samples), 0.5, 2.0);
    }

    static double TrueError(Tensor part, int samples)
    {
        var b = part.t().matmul(part);
        double variance = 2 * (b.square().sum().item<double>() - b.diagonal().square().sum().item<double>());
        return Math.Sqrt(variance / samples);
    }
}
