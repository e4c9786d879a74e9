using RealGanLab.Training;
using System.Numerics;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Eigenvalues of the Dirac-GAN Jacobian at (0, 0) against the closed forms of docs/design.md §2
/// (f′(0) = ½, f″(0) = −¼), in float64 to 1e-6.
/// </summary>
[NoGarbageCollection]
public class DiracSpectrumTests
{
    const double Tolerance = 1e-6;

    [Theory]
    [InlineData("minimax")]
    [InlineData("non-saturating")]
    public void PlainDiracGanHasEigenvaluesPlusMinusHalfI(string loss) =>
        AssertSameSpectrum([C(0, 0.5), C(0, -0.5)], EigenvaluesAtEquilibrium($"game:loss={loss}"), Tolerance);

    [Fact]
    public void WassersteinDiracGanCirclesWithEigenvaluesPlusMinusI() =>
        AssertSameSpectrum([C(0, 1), C(0, -1)], EigenvaluesAtEquilibrium("game:loss=wasserstein"), Tolerance);

    [Theory]
    [InlineData("r1", 1.0)]
    [InlineData("r1", 0.3)]
    [InlineData("r1", 2.5)]
    [InlineData("r2", 1.0)]
    [InlineData("r2", 0.3)]
    public void GradientPenaltyOnDMovesEigenvaluesToTheClosedForm(string penalty, double gamma)
    {
        // −γ/2 ± √(γ²/4 − f′(0)²)
        var disc = Complex.Sqrt(gamma * gamma / 4 - 0.25);
        var expected = new[] { -gamma / 2 + disc, -gamma / 2 - disc };
        // γ = 1 gives a double eigenvalue of a defective matrix: rounding moves it by √ε ≈ 1e-8.
        AssertSameSpectrum(expected, EigenvaluesAtEquilibrium($"regularizers:{penalty}={gamma}"), Tolerance);
    }

    [Fact]
    public void R1WithGammaOneGivesTheDoubleEigenvalueMinusHalf() =>
        AssertSameSpectrum([C(-0.5), C(-0.5)], EigenvaluesAtEquilibrium("regularizers:r1=1"), Tolerance);

    [Fact]
    public void ZeroCenteredPenaltyActsLikeR1WithTwiceTheWeight()
    {
        // At interpolates of 0 and θ, ‖∇_x D‖² = ψ², so λ‖∇D‖² equals R1's (γ/2)ψ² with γ = 2λ.
        AssertSameSpectrum([C(-0.5), C(-0.5)], EigenvaluesAtEquilibrium("regularizers:zeroGp=0.5"), Tolerance);
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("per_sample")]
    [InlineData("split")]
    [InlineData("ustat")]
    public void ConsensusWithGammaOneGivesMinusQuarterPlusMinusHalfI(string estimator) =>
        AssertSameSpectrum([C(-0.25, 0.5), C(-0.25, -0.5)],
            EigenvaluesAtEquilibrium("rule:name=consensus", "rule:gamma=1", $"rule:estimator={estimator}"), Tolerance);

    [Fact]
    public void ConsensusMovesEachEigenvalueByMinusGammaTimesItsSquaredModulus() =>
        // λ − γ|λ|² for the normal J of the Dirac-GAN: ±0.5i − 0.3·0.25.
        AssertSameSpectrum([C(-0.075, 0.5), C(-0.075, -0.5)],
            EigenvaluesAtEquilibrium("rule:name=consensus", "rule:gamma=0.3"), Tolerance);

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.3)]
    public void AddedMseOnGMovesEigenvaluesToTheClosedForm(double mu)
    {
        // −μ ± √(μ² − f′(0)²): μ = 1 gives −0.134 and −1.866.
        var disc = Complex.Sqrt(mu * mu - 0.25);
        AssertSameSpectrum([-mu + disc, -mu - disc], EigenvaluesAtEquilibrium($"regularizers:mse={mu}"), Tolerance);
    }

    [Fact]
    public void AddedMseWithMuOneMatchesTheDesignTable()
    {
        var values = EigenvaluesAtEquilibrium("regularizers:mse=1").OrderBy(z => z.Real).ToArray();
        Assert.Equal(-1.8660254, values[0].Real, 6);
        Assert.Equal(-0.1339746, values[1].Real, 6);
        Assert.All(values, z => Assert.Equal(0.0, z.Imaginary, 9));
    }

    [Fact]
    public void SymplecticGradientAdjustmentActsLikeConsensusOnTheDiracGan() =>
        // J + (λ/2)(J² − JᵀJ) = J − λ/4·I for J = [[0, ½], [−½, 0]].
        AssertSameSpectrum([C(-0.25, 0.5), C(-0.25, -0.5)], EigenvaluesAtEquilibrium("rule:name=sga", "rule:lambda=1"), Tolerance);

    [Fact]
    public void InstanceNoiseJacobianMatchesCentralFiniteDifferencesOfTheField()
    {
        var config = Config("regularizers:instanceNoise=0.7", "game:batchSize=256");
        using var game = (IAnalyticGame)GameHost.Create(config);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(256, new Generator(3), 0);
        foreach (var point in new[] { new[] { 0.0, 0.0 }, new[] { 0.4, -0.7 } })
        {
            GameState.Set(game, point);
            var probe = new FieldJacobian(() => game.Evaluate(batch, createGraph: true).Flat(), game.Parameters);
            var dense = Vectors.ToArray(probe.Dense());
            var finite = FiniteDifferenceJacobian(game, batch, point, 1e-5);
            for (int i = 0; i < 4; i++) Assert.Equal(finite[i], dense[i], 7);
        }
    }

    [Fact]
    public void InstanceNoiseEigenvaluesMatchTheClosedFormInExpectation()
    {
        // A deterministic noise batch with the moments of N(0, 1) up to third order (symmetric normal
        // quantiles scaled to unit variance): J at (0, 0) depends on the noise only through E ε and E ε²,
        // so its eigenvalues are exactly those of E v: f″(0)σ² ± √(f″(0)²σ⁴ − f′(0)²), σ = 0.7 → −0.1225 ± 0.48476i.
        const double sigma = 0.7;
        const int n = 2000;
        var config = Config($"regularizers:instanceNoise={sigma}", $"game:batchSize={n}");
        using var game = (IAnalyticGame)GameHost.Create(config);
        using var scope = NewDisposeScope();
        var quantiles = arange(n, dtype: float64).add(0.5).div(n).mul(2).sub(1).erfinv().mul(Math.Sqrt(2));
        quantiles = quantiles.div(quantiles.square().mean().sqrt()).reshape(n, 1);
        var batch = new GameBatch
        {
            Size = n, Real = zeros(n, 1, dtype: float64), Latent = zeros(n, 1, dtype: float64),
            RealNoise = quantiles, FakeNoise = quantiles.flip(0),
        };
        GameState.Set(game, game.Equilibria[0]);
        var probe = new FieldJacobian(() => game.Evaluate(batch, createGraph: true).Flat(), game.Parameters);
        var values = DenseEigen.Eigenvalues(probe.Dense());
        double fpp = -0.25, fp = 0.5;
        var disc = Complex.Sqrt(fpp * fpp * Math.Pow(sigma, 4) - fp * fp);
        AssertSameSpectrum([fpp * sigma * sigma + disc, fpp * sigma * sigma - disc], values, 1e-9);
        AssertSameSpectrum([C(-0.1225, 0.48476), C(-0.1225, -0.48476)], values, 1e-5);
    }

    static double[] FiniteDifferenceJacobian(IGame game, GameBatch batch, double[] point, double h)
    {
        var jacobian = new double[4];
        for (int j = 0; j < 2; j++)
        {
            var plus = (double[])point.Clone(); plus[j] += h;
            var minus = (double[])point.Clone(); minus[j] -= h;
            GameState.Set(game, plus);
            var vPlus = Vectors.ToArray(game.Evaluate(batch, createGraph: false).Flat());
            GameState.Set(game, minus);
            var vMinus = Vectors.ToArray(game.Evaluate(batch, createGraph: false).Flat());
            for (int i = 0; i < 2; i++) jacobian[i * 2 + j] = (vPlus[i] - vMinus[i]) / (2 * h);
        }
        GameState.Set(game, point);
        return jacobian;
    }
}
