using RealGanLab.Training;
using RealGanLab.Games;
using RealGanLab.Probes;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>Per-player Hessian extremes by Lanczos against eigvalsh of the negated diagonal blocks of the dense J.</summary>
[NoGarbageCollection]
public class HessianExtremesTests
{
    static FieldJacobian Jacobian(IGame game) =>
        new(() => game.Evaluate(game.SampleBatch(1, new Generator(1), 0), createGraph: true).Flat(), game.Parameters);

    /// <summary>−J_ii from the dense Jacobian, its asymmetry, and its eigenvalues (ascending).</summary>
    static (double Asymmetry, double[] Eigenvalues) DenseBlock(Tensor dense, Player player)
    {
        var h = dense.narrow(0, player.Offset, player.Count).narrow(1, player.Offset, player.Count).neg();
        double asymmetry = h.sub(h.t()).abs().max().item<double>();
        var values = linalg.eigvalsh(h.add(h.t()).mul(0.5)).data<double>().ToArray();
        return (asymmetry, values);
    }

    [Theory]
    [InlineData(12, 7, false)]    // both players below MaxIterations: exact
    [InlineData(80, 6, false)]    // G converges before exhausting its 80 dimensions
    [InlineData(80, 6, true)]
    public void MatchesEigvalshOfTheNegatedDiagonalBlocksOfTheDenseJacobian(int sizeG, int sizeD, bool zeroSum)
    {
        using var game = new NonlinearTestGame(sizeG, sizeD, seed: 31, zeroSum);
        using var scope = NewDisposeScope();
        var jacobian = Jacobian(game);
        var extremes = HessianExtremes.Compute(jacobian, game.Players, new LanczosOptions());
        int lanczosProducts = jacobian.Products;
        var dense = jacobian.Dense();

        Assert.Equal(["G", "D"], extremes.Select(e => e.Player));
        Assert.Equal(lanczosProducts, extremes.Sum(e => e.Products));
        foreach (var (player, found) in game.Players.Zip(extremes))
        {
            var (asymmetry, expected) = DenseBlock(dense, player);
            // The premise: a Hessian of a scalar loss, symmetric, and not trivially so.
            Assert.InRange(asymmetry, 0.0, 1e-12);
            Assert.InRange(expected[^1] - expected[0], 0.5, 100.0);
            double scale = Math.Max(Math.Abs(expected[0]), Math.Abs(expected[^1]));

            Assert.True(found.Converged, $"{player.Name} not converged after {found.Iterations} iterations");
            Assert.InRange(found.Min - expected[0], -1e-8 * scale, 1e-8 * scale);
            Assert.InRange(found.Max - expected[^1], -1e-8 * scale, 1e-8 * scale);
            Assert.InRange(found.MinResidual, 0.0, 1e-9 * scale);
            Assert.InRange(found.MaxResidual, 0.0, 1e-9 * scale);
            // A small block may converge before its Krylov space fills up; an 80-dimensional one must stop on
            // its residuals within the 40 default iterations.
            if (player.Count > 40) Assert.False(found.Exhausted);
            Assert.InRange(found.Iterations, 1, (int)Math.Min(player.Count, 39));
        }
        // G's block is P plus a curvature term of norm < 0.9: P's outliers −4 and 5 show through.
        Assert.InRange(extremes[0].Min, -4.9, -3.1);
        Assert.InRange(extremes[0].Max, 4.1, 5.9);
    }

    [Fact]
    public void InAZeroSumGameTheBlocksBoundTheRealPartsOfTheJacobianEigenvalues()
    {
        // ½(J + Jᵀ) = −diag(H_GG, H_DD) when L_D = −L_G, so Re λ(J) ∈ [−max(Max), −min(Min)] (Bendixson).
        using var game = new NonlinearTestGame(10, 6, seed: 4, zeroSum: true);
        using var scope = NewDisposeScope();
        var jacobian = Jacobian(game);
        var extremes = HessianExtremes.Compute(jacobian, game.Players, new LanczosOptions());
        var dense = jacobian.Dense();
        var offDiagonal = dense.narrow(0, 0, 10).narrow(1, 10, 6).add(dense.narrow(0, 10, 6).narrow(1, 0, 10).t());
        Assert.InRange(offDiagonal.abs().max().item<double>(), 0.0, 1e-12);

        double lower = -extremes.Max(e => e.Max), upper = -extremes.Min(e => e.Min);
        var realParts = DenseEigen.Eigenvalues(dense).Select(z => z.Real).ToArray();
        Assert.All(realParts, re => Assert.InRange(re, lower - 1e-10, upper + 1e-10));
        // The bound is not vacuous here: the spectrum spans most of it.
        Assert.InRange(realParts.Max() - realParts.Min(), 0.3 * (upper - lower), upper - lower + 1e-10);
    }

    [Fact]
    public void OneParameterPlayersOfTheDiracGanGiveTheirExactCurvature()
    {
        // Dirac-GAN with R1 off equilibrium: each block is 1×1, a single Lanczos step.
        var config = Config("regularizers:r1=0.7", "game:loss=non-saturating");
        using var game = GameHost.Create(config);
        GameState.Set(game, [0.6, -0.9]);
        using var scope = NewDisposeScope();
        var jacobian = Jacobian(game);
        var extremes = HessianExtremes.Compute(jacobian, game.Players, new LanczosOptions());
        var dense = jacobian.Dense();
        for (int i = 0; i < 2; i++)
        {
            double expected = -dense[i, i].item<double>();
            Assert.InRange(Math.Abs(expected), 1e-3, 100.0);
            Assert.Equal(expected, extremes[i].Min, 12);
            Assert.Equal(expected, extremes[i].Max, 12);
            Assert.Equal(1, extremes[i].Iterations);
            Assert.True(extremes[i].Exhausted && extremes[i].Converged);
        }
    }
}
