using System.Numerics;
using RealGanLab.Games;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// The largest stable step against closed forms on the Dirac-GAN (f′(0) = ½) and, for the rules whose stability region is
/// not a disc, against a bisection on the rule's whole linearised operator. The step in use is h; the report gives the
/// factor c, so c·h is the largest stable step.
/// </summary>
[NoGarbageCollection]
public class StableStepTests
{
    const double Tolerance = 1e-7;

    [Theory]
    [InlineData(0.5, 0.1)]
    [InlineData(1.0, 0.1)]
    [InlineData(3.0, 0.02)]
    public void SimultaneousStepsWithR1StopBeingStableAtMinusTwoReLambdaOverAbsLambdaSquared(double gamma, double h)
    {
        // λ = −γ/2 ± √(γ²/4 − ¼); |1 + hλ| ≤ 1 ⟺ h ≤ −2 Re λ/|λ|²: complex pair (γ < 1) 4γ, real pair 2/|λ|max.
        var roots = new[] { -gamma / 2 + Complex.Sqrt(gamma * gamma / 4 - 0.25), -gamma / 2 - Complex.Sqrt(gamma * gamma / 4 - 0.25) };
        double expected = roots.Min(l => -2 * l.Real / (l.Magnitude * l.Magnitude));
        if (gamma < 1) Assert.Equal(4 * gamma, expected, 12);
        var report = ProbeAtEquilibrium($"regularizers:r1={gamma}", $"optimizer:lr={h}");
        Assert.Equal("eigenvalues", report.StableStep.Method);
        Assert.True(report.StableStep.Exact);
        Assert.Equal(expected, report.StableStep.Factor * h, Tolerance);
        Assert.Equal([h, h], report.StepSizes);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(0.3)]
    public void ConsensusIsStableUpToTwoGammaOverOnePlusGammaSquaredFPrimeSquared(double gamma)
    {
        // λ = −γf′² ± if′: −2 Re λ/|λ|² = 2γ/(γ²f′² + 1); γ = 1 gives 1.6.
        const double h = 0.05;
        var report = ProbeAtEquilibrium("rule:name=consensus", $"rule:gamma={gamma}", $"optimizer:lr={h}");
        Assert.Equal(2 * gamma / (gamma * gamma / 4 + 1), report.StableStep.Factor * h, Tolerance);
    }

    [Fact]
    public void ThePlainDiracGanHasNoStableSimultaneousStep()
    {
        // λ = ±½i: |1 + hλ| > 1 for every h > 0.
        var report = ProbeAtEquilibrium("optimizer:lr=0.1");
        Assert.Equal(0.0, report.StableStep.Factor);
        Assert.True(report.StableStep.Exact);
    }

    [Fact]
    public void ExtragradientOnThePlainDiracGanIsStableUpToTwo()
    {
        // |1 + μ + μ²| with μ = ±ihf′: (1 − y²)² + y² < 1 ⟺ y = h/2 < 1.
        var report = ProbeAtEquilibrium("rule:name=extragradient", "optimizer:lr=0.1");
        Assert.Equal(2.0, report.StableStep.Factor * 0.1, Tolerance);
    }

    [Fact]
    public void AlternatingStepsOnThePlainDiracGanStayOnTheUnitCircleUpToFour()
    {
        // Operator [[1 − h²f′², −hf′], [hf′, 1]]: det 1, trace 2 − h²/4; on the unit circle while h·f′ ≤ 2.
        var report = ProbeAtEquilibrium("rule:name=altgd", "optimizer:lr=0.1");
        Assert.Equal("operator", report.StableStep.Method);
        Assert.Equal(4.0, report.StableStep.Factor * 0.1, 1e-6);
    }

    [Theory]
    [InlineData("rule:name=extragradient", "regularizers:r1=0.3", "optimizer:lr=0.1")]
    [InlineData("rule:name=extragradient", "regularizers:r1=2", "optimizer:lr=0.1")]
    [InlineData("rule:name=extragradient", "game:loss=wasserstein", "optimizer:lr=0.1")]
    [InlineData("rule:name=optimistic", "regularizers:r1=0.3", "optimizer:lr=0.1")]
    [InlineData("rule:name=optimistic", "game:loss=wasserstein", "optimizer:lr=0.1")]
    [InlineData("rule:name=optimistic", "regularizers:r1=1", "optimizer:name=sgd", "optimizer:lr=0.1", "optimizer:momentum=0.5")]
    [InlineData("rule:name=simgd", "regularizers:r1=0.3", "optimizer:name=sgd", "optimizer:lr=0.1", "optimizer:momentum=-0.3")]
    [InlineData("rule:name=consensus", "regularizers:r1=0.3", "optimizer:lrG=0.05", "optimizer:lrD=0.2")]
    public void PerEigenvalueBoundEqualsABisectionOnTheWholeOperator(params string[] settings)
    {
        var (perEigenvalue, operatorBisection) = BothWays(settings);
        Assert.Equal("eigenvalues", perEigenvalue.Method);
        Assert.True(perEigenvalue.Factor is > 0 and < 1e6, $"factor {perEigenvalue.Factor}");
        Assert.Equal(operatorBisection.Factor, perEigenvalue.Factor, 1e-6 * operatorBisection.Factor);
    }

    [Fact]
    public void ModeRadiiAreThoseOfTheRulesCharacteristicPolynomials()
    {
        Complex[] modes = [new(-0.3, 0.4), new(0.1, -0.7), new(-1.5, 0), new(0, 0.9)];
        var simultaneous = StableStep.ModeRadii(new SimultaneousGradientDescent(), modes, 0);
        var extragradient = StableStep.ModeRadii(new Extragradient(), modes, 0);
        var momentum = StableStep.ModeRadii(new SimultaneousGradientDescent(), modes, 0.6);
        using var optimistic = new OptimisticGradientDescent();
        var optimisticRadii = StableStep.ModeRadii(optimistic, modes, 0);
        for (int i = 0; i < modes.Length; i++)
        {
            var mu = modes[i];
            Assert.Equal((1 + mu).Magnitude, simultaneous[i], 12);
            Assert.Equal((1 + mu + mu * mu).Magnitude, extragradient[i], 12);
            // Heavy ball: z² − (1 + β + μ)z + β = 0; optimistic: z² − (1 + 2μ)z + μ = 0.
            Assert.Equal(LargerRoot(1 + 0.6 + mu, 0.6), momentum[i], 10);
            Assert.Equal(LargerRoot(1 + 2 * mu, mu), optimisticRadii[i], 10);
        }
    }

    [Fact]
    public void AnUnboundedStepAndNeutralDirectionsAreReportedAsSuch()
    {
        // Only neutral eigenvalues (λ = 0): nothing bounds the step.
        var neutral = StableStep.FromEigenvalues(new SimultaneousGradientDescent(), [Complex.Zero, Complex.Zero], 0, exact: true);
        Assert.True(double.IsPositiveInfinity(neutral.Factor));
        // A growing real mode certifies c = 0 even from a few eigenvalues.
        var growing = StableStep.FromEigenvalues(new SimultaneousGradientDescent(), [new Complex(0.2, 1), new Complex(-1, 0)], 0, exact: false);
        Assert.Equal(0.0, growing.Factor);
        Assert.True(growing.Exact);
        Assert.Equal(new Complex(0.2, 1), growing.LimitingMode);
        Assert.Throws<ArgumentException>(() => StableStep.FromEigenvalues(new AlternatingGradientDescent(1), [new Complex(-1, 0)], 0, true));
    }

    /// <summary>|larger root| of z² − bz + c = 0.</summary>
    static double LargerRoot(Complex b, Complex c)
    {
        var disc = Complex.Sqrt(b * b - 4 * c);
        return Math.Max(((b + disc) / 2).Magnitude, ((b - disc) / 2).Magnitude);
    }

    /// <summary>The probe's per-eigenvalue report and a bisection on the rule's dense operator, at the Dirac-GAN's equilibrium.</summary>
    static (StableStepReport PerEigenvalue, StableStepReport Operator) BothWays(string[] settings) =>
        AtEquilibrium((game, rule, batch, optimizers, config) =>
        {
            var report = SpectrumProbe.Run(game, rule, batch, optimizers.StepSizes(), optimizers.Momentum, config.Probe, config.Seed);
            var dense = new FieldJacobian(() => rule.EffectiveField(game, batch), game.Parameters).Dense();
            var g = game.Players[PlayerIndex.Generator];
            return (report.StableStep, StableStep.FromOperator(rule, dense, g.Offset, g.Count, optimizers.StepSizes(), optimizers.Momentum));
        }, settings);
}
