using RealGanLab.Games;
using RealGanLab.Probes;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>The path-angle (Berard et al. 2020, §4) on linear games v = A·x, where it has closed forms along any line.</summary>
[NoGarbageCollection]
public class PathAngleTests
{
    static readonly double[] Alphas = PathAngle.Grid(-0.5, 1.5, 21);

    [Fact]
    public void TheBilinearGameIsOrthogonalToEveryLineThroughItsEquilibrium()
    {
        // v = R·x with R a rotation by 90°: v(t·d) = t·R·d ⟂ d.
        using var game = new LinearGame(tensor(new double[] { 0, -1, 1, 0 }).reshape(2, 2), 1, CPU, float64);
        using var scope = NewDisposeScope();
        var points = PathAngle.Along(game, game.SampleBatch(1, new Generator(1), 0), tensor(new[] { 0.6, -0.8 }), tensor(new[] { -0.3, 0.4 }), Alphas);
        // The line passes through 0 at α = 2/3, which is not a grid point.
        Assert.All(points, p => Assert.InRange(Math.Abs(p.Cosine), 0.0, 1e-12));
    }

    [Fact]
    public void TheBilinearGameShowsABumpWhereTheLinePassesClosestToItsEquilibrium()
    {
        // θ(α) = a + αd misses 0: cos = (R·a)·d / (‖a + αd‖ ‖d‖), largest where ‖θ(α)‖ is smallest.
        using var game = new LinearGame(tensor(new double[] { 0, -1, 1, 0 }).reshape(2, 2), 1, CPU, float64);
        using var scope = NewDisposeScope();
        double[] a = [1.0, 0.3], b = [-1.0, 0.3];
        var points = PathAngle.Along(game, game.SampleBatch(1, new Generator(1), 0), tensor(a), tensor(b), Alphas);
        double[] d = [b[0] - a[0], b[1] - a[1]];
        double ra = (-a[1]) * d[0] + a[0] * d[1];
        foreach (var p in points)
        {
            double x = a[0] + p.Alpha * d[0], y = a[1] + p.Alpha * d[1];
            double expected = ra / (Math.Sqrt(x * x + y * y) * Math.Sqrt(d[0] * d[0] + d[1] * d[1]));
            Assert.Equal(expected, p.Cosine, 12);
            Assert.Equal(Math.Sqrt(x * x + y * y), p.FieldNorm, 12);
        }
        // The bump: |cos| peaks at α = ½, where the line passes (0, 0.3).
        Assert.Equal(0.5, points.MaxBy(p => Math.Abs(p.Cosine))!.Alpha, 12);
    }

    [Fact]
    public void APotentialGameFlowsAlongTheLineTowardsItsMinimum()
    {
        // v = −H·x with H ≻ 0 and the line from a point on an eigenvector of H to the minimum 0: cos = +1 before, −1 past it.
        using var game = new LinearGame(tensor(new double[] { -2, 0, 0, -0.5 }).reshape(2, 2), 1, CPU, float64);
        using var scope = NewDisposeScope();
        var points = PathAngle.Along(game, game.SampleBatch(1, new Generator(1), 0), tensor(new[] { 0.0, 2.0 }), tensor(new[] { 0.0, 0.0 }), Alphas);
        foreach (var p in points.Where(p => Math.Abs(p.Alpha - 1) > 1e-9))
            Assert.Equal(p.Alpha < 1 ? 1.0 : -1.0, p.Cosine, 12);
        Assert.True(double.IsNaN(points.Single(p => Math.Abs(p.Alpha - 1) < 1e-9).Cosine), "v = 0 at the minimum: no angle");
    }

    [Fact]
    public void ThePlainDiracGanIsOrthogonalToTheLineThroughItsEquilibriumAndReportsBothLosses()
    {
        // ψ = 0 on the line (θ, 0): v = (0, f′(0)·θ) ⟂ (1, 0). Neither player has an angle of its own: G's field vanishes
        // there, and D's part of the direction is 0.
        var points = AtEquilibrium((game, rule, batch, optimizers, config) =>
            PathAngle.Along(game, batch, tensor(new[] { 1.0, 0.0 }), tensor(new[] { -0.5, 0.0 }), Alphas), "game:loss=minimax");
        Assert.All(points, p =>
        {
            if (Math.Abs(p.FieldNorm) > 0) Assert.InRange(Math.Abs(p.Cosine), 0.0, 1e-12);
            Assert.True(double.IsNaN(p.PlayerCosines[0]) && double.IsNaN(p.PlayerCosines[1]));
            Assert.Equal(2, p.Losses.Length);
        });
    }

    [Fact]
    public void TheGameIsLeftWhereItWasAndBadGridsAreRefused()
    {
        using var game = new LinearGame(tensor(new double[] { 0, -1, 1, 0 }).reshape(2, 2), 1, CPU, float64);
        var before = GameState.Get(game);
        using (var scope = NewDisposeScope())
            PathAngle.Along(game, game.SampleBatch(1, new Generator(1), 0), tensor(new[] { 3.0, 1.0 }), tensor(new[] { 1.0, 1.0 }), Alphas);
        Assert.Equal(before, GameState.Get(game));
        Assert.Throws<ArgumentException>(() => PathAngle.Grid(1, 1, 10));
        Assert.Throws<ArgumentException>(() => PathAngle.Grid(0, 1, 1));
    }
}
