using RealGanLab.Field;
using static RealGanLab.Tests.TestSupport;

namespace RealGanLab.Tests;

/// <summary>Trajectories behave as the theory of docs/design.md §1–2 says.</summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class TrajectoryTests
{
    static FieldResult Run(params string[] overrides)
    {
        var config = Config(overrides);
        using var game = FieldRun.CreateGame(config);
        return FieldRun.Run(config, game);
    }

    [Theory]
    [InlineData("dirac", 0.1)]
    [InlineData("dirac", 0.3)]
    [InlineData("bilinear", 0.1)]
    public void SimultaneousGdMovesAwayFromTheEquilibrium(string game, double lr)
    {
        var r = Run($"game:name={game}", "rule:name=simgd", $"optimizer:lr={lr}", "field:steps=2000");
        Assert.Equal(TrajectoryOutcome.Diverges, r.Outcome);
        Assert.True(r.Spectrum.UpdateOperatorSpectralRadius > 1);
        Assert.InRange(r.Spectrum.MaxReal, -1e-12, 1e-12);
    }

    [Fact]
    public void SimultaneousGdOnTheBilinearGameGrowsByExactlySqrtOnePlusHSquaredPerStep()
    {
        const double h = 0.1;
        const int steps = 300;
        var r = Run("game:name=bilinear", "rule:name=simgd", $"optimizer:lr={h}", $"field:steps={steps}");
        double expected = r.Trajectory[0].Distance * Math.Pow(1 + h * h, steps / 2.0);
        Assert.Equal(expected, r.Trajectory[^1].Distance, 9);
        Assert.Equal(Math.Sqrt(1 + h * h), r.Spectrum.UpdateOperatorSpectralRadius, 12);
    }

    [Theory]
    [InlineData("dirac", 0.05)]
    [InlineData("dirac", 0.1)]
    [InlineData("dirac", 0.2)]
    [InlineData("bilinear", 0.1)]
    public void AlternatingGdNeitherConvergesNorDivergesForSmallSteps(string game, double lr)
    {
        var r = Run($"game:name={game}", "rule:name=altgd", $"optimizer:lr={lr}", "field:steps=3000");
        Assert.Equal(TrajectoryOutcome.Bounded, r.Outcome);
        double ratio = r.Trajectory[^1].Distance / r.Trajectory[0].Distance;
        Assert.InRange(ratio, 0.5, 1.5);
        Assert.InRange(r.Trajectory.Max(p => p.Distance) / r.Trajectory[0].Distance, 1.0, 1.5);
        Assert.Equal(1.0, r.Spectrum.UpdateOperatorSpectralRadius, 9);
    }

    [Theory]
    [InlineData("rule:name=consensus", "rule:gamma=1")]
    [InlineData("regularizers:r1=1", "rule:name=simgd")]
    [InlineData("regularizers:r1=0.3", "rule:name=simgd")]
    [InlineData("regularizers:mse=1", "rule:name=simgd")]
    [InlineData("rule:name=sga", "rule:lambda=1")]
    public void StabilizedDiracGanConverges(string first, string second)
    {
        var r = Run("game:name=dirac", first, second, "optimizer:lr=0.1", "field:steps=3000");
        Assert.Equal(TrajectoryOutcome.Converges, r.Outcome);
        Assert.InRange(r.Trajectory[^1].Distance, 0.0, 1e-3);
        Assert.True(r.Spectrum.UpdateOperatorSpectralRadius < 1);
        Assert.True(r.Spectrum.MaxReal < 0);
    }

    [Fact]
    public void ConsensusOnTheCosSinFieldReachesTheCentreNearItsStart()
    {
        var r = Run("game:name=cos-sin", "game:start=0.5,1.0", "rule:name=consensus", "rule:gamma=0.3", "optimizer:lr=0.05", "field:steps=3000");
        Assert.Equal(TrajectoryOutcome.Converges, r.Outcome);
        Assert.Equal(0.0, r.Trajectory[^1].State[0], 6);
        Assert.Equal(Math.PI / 2, r.Trajectory[^1].State[1], 6);
    }

    [Fact]
    public void LargeConsensusWeightTurnsASaddleOfTheCosSinFieldIntoAnAttractor()
    {
        // At (π, π/2) J = [[0, −1], [−1, 0]] has eigenvalues ±1: a saddle, which simultaneous GD leaves.
        // Consensus follows J − γJᵀJ = J − γI there, eigenvalues ±1 − γ: for γ = 3 an attractor that is not
        // a local Nash equilibrium (the inference.vc essay's spurious attractors).
        string[] common = ["game:name=cos-sin", $"game:start={Math.PI - 0.3},{Math.PI / 2 + 0.2}", "optimizer:lr=0.05", "field:steps=3000"];
        var plain = Run([.. common, "rule:name=simgd"]);
        Assert.NotEqual(TrajectoryOutcome.Converges, plain.Outcome);
        var consensus = Run([.. common, "rule:name=consensus", "rule:gamma=3"]);
        Assert.Equal(TrajectoryOutcome.Converges, consensus.Outcome);
        Assert.Equal(Math.PI, consensus.Equilibrium[0], 12);
        AssertSameSpectrum([C(1), C(-1)], consensus.GameEigenvalues, 1e-9);
        AssertSameSpectrum([C(-2), C(-4)], consensus.Spectrum.Eigenvalues, 1e-9);
    }

    [Fact]
    public void ATrajectoryThatSettlesWhereTheFieldDoesNotVanishIsReportedAsStalling()
    {
        var points = Enumerable.Range(0, 100).Select(i => new TrajectoryPoint(i, [1.0 + 0.01 * Math.Sin(i), 1.0], 1.4, [0.3, 0.1], [])).ToList();
        var (outcome, summary) = TrajectoryVerdict.Judge(points, [0.0, 0.0], [[0.0, 0.0]], finite: true);
        Assert.Equal(TrajectoryOutcome.Bounded, outcome);
        var settled = Enumerable.Range(0, 100).Select(i => new TrajectoryPoint(i, [1.0, 1.0], 1.4, [0.3, 0.1], [])).ToList();
        (outcome, summary) = TrajectoryVerdict.Judge(settled, [0.0, 0.0], [[0.0, 0.0]], finite: true);
        Assert.Equal(TrajectoryOutcome.Stalls, outcome);
        Assert.Contains("‖v‖", summary);
    }

    [Fact]
    public void ATrajectoryThatLeavesTheFiniteNumbersIsReportedAndStillWritten()
    {
        // The point-wise field in the probability domain with a huge step jumps outside (0, 1) at once.
        var r = Run("game:name=pointwise", "rule:name=consensus", "optimizer:lr=1", "field:steps=100");
        Assert.False(r.Finite);
        Assert.Equal(TrajectoryOutcome.Diverges, r.Outcome);
        Assert.InRange(r.Trajectory.Count, 1, 5);
        Assert.True(r.Spectrum.UpdateOperatorSpectralRadius > 1);
        var json = System.Text.Json.JsonDocument.Parse(FieldWriter.SpectrumJson(r)).RootElement;
        Assert.False(json.GetProperty("trajectory").GetProperty("finite").GetBoolean());
    }

    [Fact]
    public void InstanceNoiseIsProbedOnTheLargeProbeBatch()
    {
        // The closed form −0.1225 ± 0.48476i (σ = 0.7) holds in expectation over the noise; 4,096 draws put
        // the probed eigenvalues within a few hundredths of it, 64 draws would not reliably.
        var r = Run("regularizers:instanceNoise=0.7", "game:batchSize=64", "probe:batchSize=4096", "field:steps=200");
        Assert.Equal(4096, r.ProbeBatchSize);
        AssertSameSpectrum([C(-0.1225, 0.48476), C(-0.1225, -0.48476)], r.Spectrum.Eigenvalues, 0.02);
    }

    [Fact]
    public void Float32GamesWorkToSinglePrecision() =>
        AssertSameSpectrum([C(-0.25, 0.5), C(-0.25, -0.5)],
            EigenvaluesAtEquilibrium("dtype=float32", "rule:name=consensus"), 1e-6);

    [Fact]
    public void FieldResultRecordsTheFactsItJudgedBy()
    {
        var r = Run("game:name=dirac", "rule:name=simgd", "field:steps=500");
        var json = System.Text.Json.JsonDocument.Parse(FieldWriter.SpectrumJson(r)).RootElement;
        Assert.Equal("Diverges", json.GetProperty("trajectory").GetProperty("outcome").GetString());
        Assert.Equal(r.Spectrum.UpdateOperatorSpectralRadius, json.GetProperty("update_operator_spectral_radius").GetDouble());
        Assert.Equal(2, json.GetProperty("eigenvalues").GetArrayLength());
        Assert.Equal(501, r.Trajectory.Count);
        var csv = FieldWriter.TrajectoryCsv(r).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("step,g0,d0,distance,v_norm_g,v_norm_d,loss_g,loss_d", csv[0]);
        Assert.Equal(502, csv.Length);
    }
}
