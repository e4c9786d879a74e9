using SkiaSharp;

namespace RealGanLab.Tests;

/// <summary>
/// 'realganlab probe' redraws plots/probe_spectrum_plane.png (and, with Hessians probed, plots/probe_hessian_extremes.png)
/// from every line of probe_checkpoints.jsonl after each probe; a refused probe draws nothing.
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class ProbeCheckpointPlotCliTests(AveragingRunFixture runs) : IClassFixture<AveragingRunFixture>
{
    static CliRunner.Result Probe(string dir, params string[] args)
    {
        var result = CliRunner.Run(dir, null, ["probe", "run", "--train:hessianIterations=20", .. args]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return result;
    }

    /// <summary>The picture decodes as a PNG of the given size; returns its bytes.</summary>
    static byte[] AssertPicture(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"{path} was not drawn");
        var bytes = File.ReadAllBytes(path);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        return bytes;
    }

    [Fact]
    public void ProbingDrawsTheSpectrumPlaneFromTheWholeLogAndRedrawsIt()
    {
        var dir = runs.Copy();
        var run = Path.Combine(dir, "run");
        var plane = Path.Combine(run, "plots", "probe_spectrum_plane.png");
        var hessians = Path.Combine(run, "plots", "probe_hessian_extremes.png");
        Assert.False(File.Exists(plane));
        Probe(dir);
        var result = Probe(dir, "--generator", "ema");
        Assert.Contains("drew " + plane, result.Output);
        var first = AssertPicture(plane, 900, 800);
        AssertPicture(hessians, 1000, 500);

        // Another generator at the same checkpoint: one more line, one more series, so another picture in the same place.
        Probe(dir, "--generator", "uniform");
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "probe_checkpoints.jsonl")).Length);
        var second = AssertPicture(plane, 900, 800);
        Assert.NotEqual(first, second);
        AssertPicture(hessians, 1000, 500);
        // Saved through a temp file renamed into place: none is left behind.
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(run, "plots"), ".*"));
    }

    [Fact]
    public void WithoutHessiansOnlyTheSpectrumIsDrawn()
    {
        var dir = runs.Copy();
        var run = Path.Combine(dir, "run");
        var result = CliRunner.Run(dir, null, ["probe", "run", "--train:hessianIterations=0"]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        AssertPicture(Path.Combine(run, "plots", "probe_spectrum_plane.png"), 900, 800);
        Assert.False(File.Exists(Path.Combine(run, "plots", "probe_hessian_extremes.png")));
    }

    [Fact]
    public void ARefusedProbeDrawsNothing()
    {
        // "plain" keeps no averages: --generator ema is refused before anything is probed.
        var dir = runs.Copy("plain");
        var run = Path.Combine(dir, "run");
        var result = CliRunner.Run(dir, null, ["probe", "run", "--generator", "ema"]);
        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(run, "probe_checkpoints.jsonl")));
        Assert.False(File.Exists(Path.Combine(run, "plots", "probe_spectrum_plane.png")));
        Assert.False(File.Exists(Path.Combine(run, "plots", "probe_hessian_extremes.png")));
        Assert.DoesNotContain("drew", result.Output);
    }
}
