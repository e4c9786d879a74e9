using RealGanLab.Games;
using RealGanLab.Losses;
using RealGanLab.Numerics;
using RealGanLab.Probes;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>The point-wise (function-space) fields of the Habr essay, docs/design.md §2.</summary>
[NoGarbageCollection]
public class PointwiseFieldTests
{
    static double[,] ProbedJacobian(PointwiseGame game)
    {
        GameState.Set(game, game.Equilibria[0]);
        using var scope = NewDisposeScope();
        var jacobian = new FieldJacobian(() => game.Evaluate(game.SampleBatch(1, new Generator(1), 0), true).Flat(), game.Parameters);
        var j = Vectors.ToArray(jacobian.Dense());
        return new[,] { { j[0], j[1] }, { j[2], j[3] } };
    }

    static void AssertMatrix(double[,] expected, double[,] actual, double tolerance)
    {
        for (int i = 0; i < 2; i++) for (int k = 0; k < 2; k++) Assert.Equal(expected[i, k], actual[i, k], tolerance);
    }

    [Theory]
    [InlineData("minimax", 1.0)]
    [InlineData("minimax", 0.3)]
    [InlineData("non-saturating", 1.0)]
    [InlineData("non-saturating", 2.0)]
    public void ClassicAndNonSaturatingRestPointsAreLocallyStableWithTheEssaysJacobian(string loss, double density)
    {
        using var game = new PointwiseGame(LossFamilies.Create(loss), density, PointwiseDomain.Probability, CPU, float64);
        Assert.Equal(0.5, game.RestD, 12);
        // docs/design.md §2: J = [[−8p_d, −2], [2, 0]] in (D, p_g) order, i.e. [[0, 2], [−2, −8p_d]] in (p_g, D) order.
        var expected = new[,] { { 0.0, 2.0 }, { -2.0, -8 * density } };
        AssertMatrix(expected, game.AnalyticJacobian(), 1e-10);
        AssertMatrix(expected, ProbedJacobian(game), 1e-10);
        var values = EigenvaluesAtEquilibrium("game:name=pointwise", $"game:loss={loss}", $"game:density={density}");
        Assert.All(values, z => Assert.True(z.Real < -1e-6, $"Re λ = {z.Real}"));
        AssertSameSpectrum(QuadraticRoots(-8 * density, 4), values, 1e-9);
    }

    [Fact]
    public void ClassicFieldInTheLogitDomainIsAlsoStable()
    {
        using var game = new PointwiseGame(new MinimaxLoss(), 1.0, PointwiseDomain.Logit, CPU, float64);
        Assert.Equal(0.0, game.RestD, 12);
        // f1 = log σ, f2 = log(1 − σ), f3 = −f2 at t = 0: [[0, ½], [−½, −p_d/2]].
        AssertMatrix(new[,] { { 0.0, 0.5 }, { -0.5, -0.5 } }, ProbedJacobian(game), 1e-10);
    }

    [Fact]
    public void WganFieldIsAPureRotation()
    {
        using var game = new PointwiseGame(new WassersteinLoss(), 1.0, PointwiseDomain.Logit, CPU, float64);
        Assert.Equal(0.0, game.RestD, 12);
        AssertMatrix(new[,] { { 0.0, 1.0 }, { -1.0, 0.0 } }, ProbedJacobian(game), 1e-12);
        var values = EigenvaluesAtEquilibrium("game:name=pointwise", "game:loss=wasserstein");
        Assert.All(values, z => Assert.InRange(z.Real, -1e-12, 1e-12));
        AssertSameSpectrum([C(0, 1), C(0, -1)], values, 1e-12);
    }

    [Fact]
    public void DensityRatioFieldHasRestPointOneAndAGlobalLyapunovFunction()
    {
        const double density = 0.7;
        using var game = new PointwiseGame(new DensityRatioLoss(), density, PointwiseDomain.Logit, CPU, float64);
        Assert.Equal(1.0, game.RestD, 12);
        // J = [[−p_d, 1], [−1, 0]] in (D, p_g) order.
        AssertMatrix(new[,] { { 0.0, -1.0 }, { 1.0, -density } }, ProbedJacobian(game), 1e-12);
        // V = ½(D − 1)² + ½(p_g − p_d)² has dV/dt = ∇V·v = −p_d (D − 1)² ≤ 0 everywhere.
        var random = new Random(4);
        using var scope = NewDisposeScope();
        for (int i = 0; i < 20; i++)
        {
            double pg = 3 * random.NextDouble(), d = 4 * random.NextDouble() - 2;
            GameState.Set(game, [pg, d]);
            var v = Vectors.ToArray(game.Evaluate(game.SampleBatch(1, new Generator(1), 0), false).Flat());
            double dV = (pg - density) * v[0] + (d - 1) * v[1];
            Assert.Equal(-density * (d - 1) * (d - 1), dV, 10);
        }
    }

    [Fact]
    public void LeastSquaresRestPointIsOneHalf()
    {
        using var game = new PointwiseGame(new LeastSquaresLoss(), 1.0, PointwiseDomain.Logit, CPU, float64);
        Assert.Equal(0.5, game.RestD, 12);
    }
}
