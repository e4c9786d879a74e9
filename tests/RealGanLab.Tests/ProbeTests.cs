using RealGanLab.Training;
using System.Numerics;
using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Optimizers;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>The probe on random non-symmetric linear games v(x) = A·x, where J = A and eig(A) is known.</summary>
[NoGarbageCollection]
public class ProbeTests(LinearGameFixture large) : IClassFixture<LinearGameFixture>
{
    [Fact]
    public void DenseJacobianOfASmallLinearGameIsAAndItsEigenvaluesAreEigA()
    {
        var (a, known) = RandomSpectrumMatrix.Create(50, seed: 5, float64);
        using var game = new LinearGame(a, 5, CPU, float64);
        using var scope = NewDisposeScope();
        var jacobian = new FieldJacobian(() => game.Evaluate(game.SampleBatch(1, new Generator(1), 0), true).Flat(), game.Parameters);
        var dense = jacobian.Dense();
        Assert.InRange(dense.sub(a).abs().max().item<double>(), 0.0, 1e-13);
        var values = DenseEigen.Eigenvalues(dense);
        AssertSameSpectrum(DenseEigen.Eigenvalues(a), values, 1e-10);
        AssertSameSpectrum(known, values, 1e-9);
    }

    [Fact]
    public void DenseJacobianOfTheLargeLinearGameIsAAndItsEigenvaluesAreEigA()
    {
        Assert.InRange(large.DenseMaxDeviation, 0.0, 1e-12);
        AssertSameSpectrum(large.LapackEigenvalues, large.DenseEigenvalues, 1e-8);
        AssertSameSpectrum(large.Known, large.DenseEigenvalues, 1e-8);
    }

    [Theory]
    [InlineData("LM")]
    [InlineData("LR")]
    [InlineData("LI")]
    public void ArnoldiTopTenMatchTheDenseSpectrumOfTheLargeGame(string which)
    {
        var target = EigenTargets.Parse(which);
        using var scope = NewDisposeScope();
        var game = large.Game;
        var jacobian = new FieldJacobian(() => game.Evaluate(game.SampleBatch(1, new Generator(1), 0), true).Flat(), game.Parameters);
        var result = ArnoldiEigensolver.Solve(jacobian.Jvp, jacobian.Size,
            new ArnoldiOptions { K = 10, Target = target, Tolerance = 1e-12, MaxRestarts = 500, Seed = 3 }, float64, CPU);

        Assert.True(result.Converged, $"Arnoldi did not converge in {result.Restarts} restarts");
        // Ten, or eleven when the tenth's conjugate partner comes just after the cut.
        Assert.InRange(result.Eigenvalues.Length, 10, 11);
        var expected = target.Sort(large.DenseEigenvalues).Take(result.Eigenvalues.Length).ToArray();
        for (int i = 0; i < result.Eigenvalues.Length; i++)
        {
            var nearest = expected.MinBy(e => (e - result.Eigenvalues[i]).Magnitude);
            Assert.InRange((nearest - result.Eigenvalues[i]).Magnitude / nearest.Magnitude, 0.0, 1e-6);
        }
        // The ten found are the ten wanted: the k-th best key agrees with the dense one.
        Assert.Equal(target.Key(expected[9]), target.Key(result.Eigenvalues[9]), 6);
        Assert.All(result.Residuals, r => Assert.InRange(r, 0.0, 1e-8));
        Assert.InRange(jacobian.Products, 10, 20000);
    }

    [Fact]
    public void ArnoldiConvergesOnZeroEigenvaluesAndKeepsConjugatePairsWhole()
    {
        // A singular operator: a 150-dimensional null space next to a few nonzero eigenvalues. Residuals are
        // measured against ‖A‖, so the zero eigenvalues converge instead of exhausting the restarts.
        var (a, known) = RandomSpectrumMatrix.Create(200, seed: 8, float64);
        using var scope = NewDisposeScope();
        var projector = eye(200, dtype: float64);
        projector.narrow(0, 0, 150).narrow(1, 0, 150).zero_();
        var singular = a.matmul(projector);
        var result = ArnoldiEigensolver.Solve(u => singular.mv(u), 200,
            new ArnoldiOptions { K = 6, Target = EigenTarget.LargestReal, Tolerance = 1e-12, MaxRestarts = 300 }, float64, CPU);
        Assert.True(result.Converged);
        Assert.InRange(result.Restarts, 0, 100);
        var dense = EigenTarget.LargestReal.Sort(DenseEigen.Eigenvalues(singular));
        AssertSameSpectrum(dense.Take(result.Eigenvalues.Length), result.Eigenvalues, 1e-8);
        // Every complex value comes with its conjugate.
        foreach (var z in result.Eigenvalues.Where(z => Math.Abs(z.Imaginary) > 1e-9))
            Assert.Contains(result.Eigenvalues, w => (w - Complex.Conjugate(z)).Magnitude < 1e-8);
    }

    [Fact]
    public void ASharedFirstCycleGivesTheSameEigenvaluesForFewerProducts()
    {
        // The probe's three runs (largest magnitude, real part, imaginary part) start alike; the later ones reuse the
        // first one's first cycle. Same numbers, bit for bit, and m fewer products each.
        var (a, _) = RandomSpectrumMatrix.Create(300, seed: 5, float64);
        using var scope = NewDisposeScope();
        var options = new ArnoldiOptions { K = 6, Subspace = 20, Tolerance = 1e-8, MaxRestarts = 40 };
        int counted = 0;
        Tensor Apply(Tensor u) { counted++; return a.mv(u); }
        var shared = new KrylovStart();
        ArnoldiEigensolver.Solve(Apply, 300, options, float64, CPU, shared);
        foreach (var target in new[] { EigenTarget.LargestReal, EigenTarget.LargestImaginary })
        {
            var alone = ArnoldiEigensolver.Solve(Apply, 300, options with { Target = target, K = 4 }, float64, CPU);
            counted = 0;
            var reused = ArnoldiEigensolver.Solve(Apply, 300, options with { Target = target, K = 4 }, float64, CPU, shared);
            Assert.Equal(alone.Eigenvalues, reused.Eigenvalues);
            Assert.Equal(alone.Residuals, reused.Residuals);
            Assert.Equal(alone.Restarts, reused.Restarts);
            Assert.Equal(alone.Products - 20, reused.Products);
            Assert.Equal(reused.Products, counted);
        }
        // Another seed or subspace size does not match: nothing is reused.
        var other = ArnoldiEigensolver.Solve(Apply, 300, options with { Seed = 2 }, float64, CPU, shared);
        var otherAlone = ArnoldiEigensolver.Solve(Apply, 300, options with { Seed = 2 }, float64, CPU);
        Assert.Equal(otherAlone.Products, other.Products);
    }

    [Fact]
    public void ArnoldiReportsFailureInsteadOfThrowingOnANonFiniteOperator()
    {
        using var scope = NewDisposeScope();
        var result = ArnoldiEigensolver.Solve(u => u.mul(double.NaN), 40, new ArnoldiOptions { K = 3 }, float64, CPU);
        Assert.False(result.Converged);
        Assert.Empty(result.Eigenvalues);
    }

    [Fact]
    public void ArnoldiInFloat32StopsAtSinglePrecisionAndSaysSo()
    {
        var (a, known) = RandomSpectrumMatrix.Create(300, seed: 4, float32);
        using var scope = NewDisposeScope();
        var result = ArnoldiEigensolver.Solve(u => a.mv(u), 300, new ArnoldiOptions { K = 4, Tolerance = 1e-10 }, float32, CPU);
        Assert.True(result.Converged);
        Assert.All(result.Residuals, r => Assert.InRange(r, 0.0, 1e-4));
        var expected = EigenTarget.LargestMagnitude.Sort(known).Take(result.Eigenvalues.Length);
        AssertSameSpectrum(expected, result.Eigenvalues, 1e-4);
    }

    [Fact]
    public void ArnoldiProbeReportsTheRightmostEigenvalueEvenWhenAskedForTheLargestMagnitude()
    {
        // The continuous-time verdict needs max Re λ, which the top ten by magnitude need not contain.
        using var scope = NewDisposeScope();
        var game = large.Game;
        var config = TestSupport.Config("game:name=linear").Probe with { DenseLimit = 0, K = 10, Which = "LM", Tol = 1e-11 };
        var report = SpectrumProbe.Run(game, new SimultaneousGradientDescent(), game.SampleBatch(1, new Generator(1), 0),
            full(LinearGameFixture.Size, 0.01, dtype: float64), 0.0, config, 5);
        Assert.Equal("arnoldi", report.Method);
        Assert.True(report.Converged);
        Assert.Equal(large.DenseEigenvalues.Max(z => z.Real), report.MaxReal, 8);
        Assert.Equal(large.DenseEigenvalues.Max(z => Math.Abs(z.Imaginary)), report.MaxAbsImaginary, 8);
        Assert.True(report.Eigenvalues.Max(z => z.Real) < report.MaxReal - 0.1, "the LM top ten should miss the rightmost eigenvalue here");
    }

    [Fact]
    public void ArnoldiOnASmallGameFindsTheWholeSpectrum()
    {
        var (a, known) = RandomSpectrumMatrix.Create(24, seed: 2, float64);
        using var scope = NewDisposeScope();
        var result = ArnoldiEigensolver.Solve(u => a.mv(u), 24, new ArnoldiOptions { K = 24, Tolerance = 1e-12 }, float64, CPU);
        AssertSameSpectrum(known, result.Eigenvalues, 1e-9);
    }

    [Fact]
    public void JvpAndVjpAgreeWithFiniteDifferencesAndWithEachOther()
    {
        // A nonlinear field with every second-order term: consensus on the Dirac-GAN with R1, off equilibrium.
        var config = Config("rule:name=consensus", "rule:gamma=0.7", "regularizers:r1=0.5", "game:loss=non-saturating");
        using var game = GameHost.Create(config);
        var rule = UpdateRules.Create(config.Rule);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(4, new Generator(1), 0);
        var x = new[] { 0.8, -0.6 };
        GameState.Set(game, x);
        var generator = new Generator(9);
        var us = Enumerable.Range(0, 3).Select(_ => randn(new long[] { 2 }, dtype: float64, generator: generator)).ToList();
        var rs = Enumerable.Range(0, 3).Select(_ => randn(new long[] { 2 }, dtype: float64, generator: generator)).ToList();
        // All products first: the Jacobian's graph must not outlive a change of the parameters.
        var jacobian = new FieldJacobian(() => rule.EffectiveField(game, batch), game.Parameters);
        var jus = us.Select(u => Vectors.ToArray(jacobian.Jvp(u))).ToList();
        var jtrs = rs.Select(r => jacobian.Vjp(r)).ToList();
        for (int trial = 0; trial < 3; trial++)
        {
            var (u, r, ju) = (us[trial], rs[trial], jus[trial]);
            // ⟨r, J u⟩ = ⟨Jᵀ r, u⟩
            double left = r.dot(tensor(ju, dtype: float64)).item<double>();
            double right = jtrs[trial].dot(u).item<double>();
            Assert.Equal(left, right, 12);
            // Central differences of the followed field along u.
            const double h = 1e-6;
            var uArray = Vectors.ToArray(u);
            GameState.Set(game, [x[0] + h * uArray[0], x[1] + h * uArray[1]]);
            var plus = Vectors.ToArray(rule.EffectiveField(game, batch));
            GameState.Set(game, [x[0] - h * uArray[0], x[1] - h * uArray[1]]);
            var minus = Vectors.ToArray(rule.EffectiveField(game, batch));
            GameState.Set(game, x);
            for (int i = 0; i < 2; i++) Assert.Equal((plus[i] - minus[i]) / (2 * h), ju[i], 7);
        }
    }

    [Fact]
    public void JvpAndVjpOfTheLinearGameAreAuAndATransposeU()
    {
        using var scope = NewDisposeScope();
        var game = large.Game;
        var jacobian = new FieldJacobian(() => game.Evaluate(game.SampleBatch(1, new Generator(1), 0), true).Flat(), game.Parameters);
        var u = randn(new long[] { LinearGameFixture.Size }, dtype: float64, generator: new Generator(4));
        Assert.InRange(jacobian.Jvp(u).sub(large.Matrix.mv(u)).abs().max().item<double>(), 0.0, 1e-10);
        Assert.InRange(jacobian.Vjp(u).sub(large.Matrix.t().mv(u)).abs().max().item<double>(), 0.0, 1e-10);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void TheProbeChangesNeitherParametersNorGradientsNorOptimizerState(string optimizer)
    {
        var config = Config("rule:name=consensus", "regularizers:r1=0.3", $"optimizer:name={optimizer}", "optimizer:momentum=0",
            "game:dataStd=0.3", "game:batchSize=8");
        using var game = GameHost.Create(config);
        var rule = UpdateRules.Create(config.Rule);
        using var optimizers = OptimizerFactory.Create(config.Optimizer, game);
        var generator = new Generator(1);
        for (int step = 0; step < 5; step++)
        {
            using var stepScope = NewDisposeScope();
            rule.Step(new StepContext(game, optimizers, () => game.SampleBatch(8, generator, step), step));
        }
        var parameters = GameState.Get(game);
        var state = optimizers.StateBytes();
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(64, new Generator(2), 0);
        var report = SpectrumProbe.Run(game, rule, batch, optimizers.StepSizes(), optimizers.Momentum, config.Probe with { DenseLimit = 0, K = 2 }, 1);
        var dense = SpectrumProbe.Run(game, rule, batch, optimizers.StepSizes(), optimizers.Momentum, config.Probe, 1);
        Assert.Equal(2, report.Eigenvalues.Length);
        Assert.Equal(parameters, GameState.Get(game));
        Assert.All(game.Parameters, p => Assert.True(p.grad is null || p.grad.abs().sum().item<double>() == 0));
        Assert.Equal(state, optimizers.StateBytes());
        AssertSameSpectrum(dense.Eigenvalues, report.Eigenvalues, 1e-8);
    }

    [Fact]
    public void SimultaneousUpdateOperatorRadiusIsTheLargestModulusOfOnePlusHLambda()
    {
        foreach (var lr in new[] { 0.05, 0.3 })
        {
            var report = ProbeAtEquilibrium("regularizers:r1=0.3", $"optimizer:lr={lr}");
            double expected = report.Eigenvalues.Max(l => (1 + lr * l).Magnitude);
            Assert.Equal(expected, report.UpdateOperatorSpectralRadius, 12);
        }
    }

    [Fact]
    public void ExtragradientOperatorIsOnePlusHLambdaPlusHSquaredLambdaSquared()
    {
        const double h = 0.2;
        var report = ProbeAtEquilibrium("game:loss=wasserstein", "rule:name=extragradient", $"optimizer:lr={h}");
        // λ = ±i: |1 + hλ + h²λ²| = |1 − h² ± ih| < 1 for small h: extragradient converges where simgd spirals out.
        double expected = new Complex(1 - h * h, h).Magnitude;
        Assert.Equal(expected, report.UpdateOperatorSpectralRadius, 12);
        Assert.True(report.UpdateOperatorSpectralRadius < 1);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void AlternatingGdOnTheDiracGanHasUpdateOperatorRadiusOne(double h)
    {
        // det = 1 and |trace| = |2 − h²/4| < 2: both eigenvalues lie on the unit circle (Mescheder et al. 2018, §2.2).
        var report = ProbeAtEquilibrium("rule:name=altgd", $"optimizer:lr={h}");
        Assert.Equal(1.0, report.UpdateOperatorSpectralRadius, 9);
    }

    [Fact]
    public void PerPlayerLearningRatesEnterTheOperatorAsIPlusHJ()
    {
        // Dirac-GAN with R1: J = [[0, ½], [−½, −γ]]; I + diag(hG, hD)·J by hand.
        double hG = 0.05, hD = 0.4, gamma = 0.3;
        var report = ProbeAtEquilibrium($"regularizers:r1={gamma}", $"optimizer:lrG={hG}", $"optimizer:lrD={hD}");
        double a = 1, b = 0.5 * hG, c = -0.5 * hD, d = 1 - gamma * hD;
        var roots = QuadraticRoots(a + d, a * d - b * c);
        Assert.Equal(roots.Max(z => z.Magnitude), report.UpdateOperatorSpectralRadius, 12);
    }

    [Fact]
    public void ArnoldiGivesTheSameUpdateOperatorRadiusAsTheDenseOperator()
    {
        using var scope = NewDisposeScope();
        var game = large.Game;
        var rule = new SimultaneousGradientDescent();
        var jacobian = new FieldJacobian(() => game.Evaluate(game.SampleBatch(1, new Generator(1), 0), true).Flat(), game.Parameters);
        const double h = 0.01;
        var context = UpdateOperator.Context(game, rule, jacobian.Jvp, full(LinearGameFixture.Size, h, dtype: float64), 0.0);
        var result = UpdateOperator.LargestByArnoldi(rule, context, new ArnoldiOptions { K = 4, Tolerance = 1e-12, MaxRestarts = 500 });
        double expected = large.Known.Max(l => (1 + h * l).Magnitude);
        Assert.Equal(expected, result.Eigenvalues[0].Magnitude, 9);
    }
}
