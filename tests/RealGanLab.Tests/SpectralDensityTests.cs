using RealGanLab.Probes;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Stochastic Lanczos quadrature against a symmetric matrix of known spectrum: per start vector the quadrature is exact for
/// moments of degree &lt; 2m, the averaged moments estimate (1/n) tr(Aᵏ), and the smoothed density integrates to 1.
/// </summary>
[NoGarbageCollection]
public class SpectralDensityTests
{
    [Fact]
    public void QuadratureMomentsAreExactPerVectorAndEstimateTheNormalisedTraces()
    {
        const int n = 300;
        var spectrum = SymmetricTestMatrix.BulkWithOutliers(n, 4, -4.0, 5.0);
        using var scope = NewDisposeScope();
        var a = SymmetricTestMatrix.Create(spectrum, 5);
        var density = StochasticLanczosQuadrature.Estimate(u => a.mv(u), n, vectors: 40, steps: 20, seed: 2, float64, CPU);
        Assert.Equal(40 * 20, density.Products);
        // Per vector: Σ w θᵏ = vᵀAᵏv exactly for k < 40; the vectors are the generator's, so redraw them the same way.
        using var generator = new Generator(2);
        for (int v = 0; v < 3; v++)
        {
            var z = randint(0, 2, [n], dtype: float64, generator: generator).mul(2).sub(1);
            z = z.div(z.norm());
            var power = z.clone();
            for (int k = 1; k <= 6; k++)
            {
                power = a.mv(power);
                double exact = z.dot(power).item<double>();
                double quadrature = density.Nodes[v].Select((t, j) => density.Weights[v][j] * Math.Pow(t, k)).Sum();
                Assert.Equal(exact, quadrature, 1e-9 * Math.Pow(5, k));
            }
            Assert.Equal(1.0, density.Weights[v].Sum(), 12);
        }
        // Averaged: (1/n) tr(Aᵏ) within 4 standard errors of the per-vector values.
        for (int k = 1; k <= 4; k++)
        {
            double trace = spectrum.Sum(l => Math.Pow(l, k)) / n;
            var perVector = Enumerable.Range(0, 40).Select(v => density.Nodes[v].Select((t, j) => density.Weights[v][j] * Math.Pow(t, k)).Sum()).ToArray();
            double mean = perVector.Average();
            double se = Math.Sqrt(perVector.Sum(x => (x - mean) * (x - mean)) / 39 / 40);
            Assert.Equal(mean, density.Moment(k), 12);
            Assert.InRange(Math.Abs(mean - trace), 0.0, 4 * se + 1e-12);
        }
        var (min, max) = density.Range;
        Assert.InRange(min, spectrum.Min() - 1e-9, spectrum.Min() + 0.05);
        Assert.InRange(max, spectrum.Max() - 0.05, spectrum.Max() + 1e-9);
        // The smoothed density is a probability density.
        var grid = Enumerable.Range(0, 2001).Select(i => -8 + 18.0 * i / 2000).ToArray();
        double integral = density.Smoothed(grid, 0.1).Sum() * (18.0 / 2000);
        Assert.Equal(1.0, integral, 1e-6);
    }

    [Fact]
    public void EachPlayersHessianDensityOfAnMlpGameLiesInItsDenseSpectrumAndHasItsTrace()
    {
        var config = TestSupport.Config(MlpSmokeMatrixTests.TinyMlp.Append("game:loss=minimax").ToArray());
        using var game = Training.GameHost.Create(config);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(64, new Generator(3), 0);
        var jacobian = new FieldJacobian(() => game.Evaluate(batch, createGraph: true).Flat(), game.Parameters);
        var dense = jacobian.Dense();
        var densities = HessianExtremes.Densities(jacobian, game.Players, vectors: 30, steps: 12, seed: 5);
        foreach (var (player, density) in densities)
        {
            var p = game.Players.Single(q => q.Name == player);
            // H_ii = −J_ii (v = −∇ own loss), symmetrised against rounding.
            var block = dense.narrow(0, p.Offset, p.Count).narrow(1, p.Offset, p.Count).neg();
            var values = linalg.eigvalsh(block.add(block.t()).mul(0.5)).data<double>().ToArray();
            double scale = Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]));
            var (min, max) = density.Range;
            Assert.InRange(min, values[0] - 1e-9 * scale, values[^1]);
            Assert.InRange(max, values[0], values[^1] + 1e-9 * scale);
            // The first moment estimates tr(H)/n: within 4 standard errors of the per-vector values.
            var perVector = density.Nodes.Select((nodes, v) => nodes.Select((t, j) => density.Weights[v][j] * t).Sum()).ToArray();
            double mean = perVector.Average(), se = Math.Sqrt(perVector.Sum(x => (x - mean) * (x - mean)) / (perVector.Length - 1) / perVector.Length);
            Assert.InRange(Math.Abs(values.Average() - density.Moment(1)), 0.0, 4 * se + 1e-12);
        }
    }
}
