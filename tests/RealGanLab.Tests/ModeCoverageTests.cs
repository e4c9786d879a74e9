using RealGanLab.Data;
using RealGanLab.Metrics;

namespace RealGanLab.Tests;

/// <summary>PacGAN's mode metrics on hand-made sample sets whose answers are known by construction.</summary>
[NoGarbageCollection]
public class ModeCoverageTests
{
    static readonly GaussianMixture Ring = Mixtures.Ring(8, 1.0, 0.01);
    static readonly GaussianMixture Grid = Mixtures.Grid(5, 2.0, 0.05);

    [Fact]
    public void RingAndGridHaveThePacGanModes()
    {
        Assert.Equal(8, Ring.ModeCount);
        Assert.All(Ring.Means, m => Assert.Equal(1.0, Math.Sqrt(m[0] * m[0] + m[1] * m[1]), 12));
        Assert.Equal(25, Grid.ModeCount);
        var coordinates = Grid.Means.SelectMany(m => m).Distinct().Order().ToArray();
        Assert.Equal([-4.0, -2.0, 0.0, 2.0, 4.0], coordinates);
        Assert.All(Grid.Stds, s => Assert.Equal(0.05, s));
    }

    [Fact]
    public void EqualCountsAtTheCentresGiveFullCoverageAndZeroReverseKl()
    {
        var samples = Enumerable.Range(0, 2500).Select(i => Grid.Means[i % 25]).ToArray();
        var r = ModeCoverage.Evaluate(samples, Grid);
        Assert.Equal(25, r.ModesCaptured);
        Assert.Equal(1.0, r.HighQualityFraction);
        Assert.Equal(0.0, r.ReverseKl, 12);
        Assert.All(r.Counts, c => Assert.Equal(100, c));
    }

    [Fact]
    public void CollapseOnOneModeGivesLogKReverseKl()
    {
        var samples = Enumerable.Repeat(new[] { 1.0, 0.0 }, 500).ToArray();
        var r = ModeCoverage.Evaluate(samples, Ring);
        Assert.Equal(1, r.ModesCaptured);
        Assert.Equal(Math.Log(8), r.ReverseKl, 12);
    }

    [Fact]
    public void ThreeStdIsTheHighQualityBoundary()
    {
        // Offsets of 2.9σ and 3.1σ along a coordinate: in and out.
        double sigma = 0.01;
        var inside = new[] { 1.0 + 2.9 * sigma, 0.0 };
        var outside = new[] { 1.0 + 3.1 * sigma, 0.0 };
        // A diagonal offset of 2.5σ in each coordinate is 3.54σ away: out, although each coordinate is within 3σ.
        var diagonal = new[] { 1.0 + 2.5 * sigma, 2.5 * sigma };
        var r = ModeCoverage.Evaluate([inside, outside, diagonal, inside], Ring);
        Assert.Equal(0.5, r.HighQualityFraction, 12);
        Assert.Equal(1, r.ModesCaptured);
        Assert.Equal(2, r.Counts[0]);
    }

    [Fact]
    public void ReverseKlOfAKnownHistogram()
    {
        // Half the high-quality samples on mode 0, a quarter each on modes 1 and 2, of 8:
        // KL = ½ ln(8·½) + 2·¼ ln(8·¼) = ½ ln 4 + ½ ln 2 = 1.5 ln 2.
        var samples = Enumerable.Repeat(Ring.Means[0], 200)
            .Concat(Enumerable.Repeat(Ring.Means[1], 100))
            .Concat(Enumerable.Repeat(Ring.Means[2], 100))
            .Concat(Enumerable.Repeat(new[] { 0.0, 0.0 }, 100)) // the centre of the ring: far from every mode
            .ToArray();
        var r = ModeCoverage.Evaluate(samples, Ring);
        Assert.Equal(3, r.ModesCaptured);
        Assert.Equal(0.8, r.HighQualityFraction, 12);
        Assert.Equal(1.5 * Math.Log(2), r.ReverseKl, 12);
    }

    [Fact]
    public void SamplesFromTheMixtureItselfScoreNearlyPerfectly()
    {
        // 3σ in 2-D holds 1 − e^{−9/2} ≈ 98.89 % of a Gaussian: the protocol's ceiling for true samples.
        using var generator = new TorchSharp.torch.Generator(7);
        var real = Grid.Sample(2500, generator, TorchSharp.torch.float64, TorchSharp.torch.CPU);
        var flat = real.data<double>().ToArray();
        var samples = Enumerable.Range(0, 2500).Select(i => new[] { flat[2 * i], flat[2 * i + 1] }).ToArray();
        var r = ModeCoverage.Evaluate(samples, Grid);
        Assert.Equal(25, r.ModesCaptured);
        Assert.InRange(r.HighQualityFraction, 0.980, 0.996);
        Assert.InRange(r.ReverseKl, 0.0, 0.03);
    }

    [Fact]
    public void NoHighQualitySampleGivesNaNReverseKlAndNonFiniteSamplesCountAsLowQuality()
    {
        var r = ModeCoverage.Evaluate([[double.NaN, 0.0], [10.0, 10.0]], Ring);
        Assert.Equal(0, r.ModesCaptured);
        Assert.Equal(0.0, r.HighQualityFraction);
        Assert.True(double.IsNaN(r.ReverseKl));
        Assert.Equal(1, r.NonFinite);
    }

    [Fact]
    public void MixtureFileIsReadAndBadFilesNameTheKey()
    {
        var dir = CliRunner.TempDirectory();
        var good = Path.Combine(dir, "three.json");
        File.WriteAllText(good, """[{"mean": [0, 0], "std": 0.1}, {"mean": [1, 0], "std": 0.2}, {"mean": [0, 1], "std": 0.3}]""");
        var m = Mixtures.FromFile(good);
        Assert.Equal(3, m.ModeCount);
        Assert.Equal([0.1, 0.2, 0.3], m.Stds);
        var bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, """[{"mean": [0, 0], "std": -1}]""");
        var e = Assert.Throws<BadInputException>(() => Mixtures.FromFile(bad));
        Assert.Contains("data:file", e.Message);
        Assert.Contains("entry 0", e.Message);
        Assert.Contains("\"std\" is -1", e.Message);
        Assert.Contains("> 0", e.Message);
        Assert.Throws<BadInputException>(() => Mixtures.FromFile(Path.Combine(dir, "missing.json")));
    }
}
