using System.Numerics;
using System.Text.Json.Nodes;

namespace RealGanLab.Tests;

/// <summary>
/// 'realganlab probe --generator ema|uniform': the probe with G's parameters replaced by the checkpoint's average of
/// G's iterates (Yazıcı et al. 2019), D as trained. With β = 0 the EMA is the last iterate, so its probe must be the raw
/// probe; with β = 0.9 it must read another (finite) spectrum; a run without the average, a checkpoint before the
/// average's start and an unknown value are refused (exit 2, naming --generator, nothing written).
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class GeneratorAverageProbeCliTests(AveragingRunFixture runs) : IClassFixture<AveragingRunFixture>
{
    static string Log(string run) => Path.Combine(run, "probe_checkpoints.jsonl");

    static List<JsonObject> Lines(string run) => File.ReadAllLines(Log(run)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    /// <summary>The dense spectrum of a line, in a fixed order (real part, then imaginary part).</summary>
    static List<Complex> Spectrum(JsonObject line) => line["eigenvalues"]!.AsArray()
        .Select(z => new Complex((double)z![0]!, (double)z[1]!)).OrderBy(z => z.Real).ThenBy(z => z.Imaginary).ToList();

    static CliRunner.Result Probe(string dir, params string[] args)
    {
        var result = CliRunner.Run(dir, null, ["probe", "run", "--train:hessianIterations=20", .. args]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return result;
    }

    [Fact]
    public void TheProbeAtAnAverageReadsAnotherFiniteSpectrumAndIsTagged()
    {
        // The interrupted run at step 30: the EMA (β = 0.9 from step 0) of 31 iterates, the uniform average of 6.
        var dir = runs.Copy();
        var run = Path.Combine(dir, "run");
        Probe(dir);
        var ema = Probe(dir, "--generator", "ema");
        var uniform = Probe(dir, "--generator", "uniform");
        Assert.Contains("EMA of G (β = 0.9, from step 0) in G's place; D as trained", ema.Output);
        Assert.Contains("uniform average of G (from step 25)", uniform.Output);

        var lines = Lines(run);
        Assert.Equal(3, lines.Count);
        // Lines of the raw G stay as they were: no "generator" key.
        Assert.False(lines[0].ContainsKey("generator"));
        Assert.Equal(["ema", "uniform"], lines.Skip(1).Select(l => (string)l["generator"]!));
        Assert.All(lines, l => Assert.Equal(30L, (long)l["step"]!));
        Assert.All(lines, l => Assert.Equal("latest.ckpt", (string)l["checkpoint"]!));

        var raw = Spectrum(lines[0]);
        foreach (var averaged in lines.Skip(1))
        {
            var spectrum = Spectrum(averaged);
            // Dense: every eigenvalue of the same game's Jacobian, all finite …
            Assert.Equal(raw.Count, spectrum.Count);
            Assert.All(spectrum, z => Assert.True(double.IsFinite(z.Real) && double.IsFinite(z.Imaginary), $"{z}"));
            Assert.All(new[] { "max_real", "update_radius", "hessian_min_G", "hessian_max_G", "hessian_min_D", "hessian_max_D" },
                key => Assert.True(double.IsFinite((double)averaged[key]!), key));
            // … and not the raw G's: the averaged point (θ̄, ψ) is another point of the game.
            double moved = raw.Zip(spectrum, (a, b) => Complex.Abs(a - b)).Max();
            Assert.True(moved > 1e-4, $"{averaged["generator"]}: the spectrum moved by only {moved:g3}");
            Assert.NotEqual((double)lines[0]["hessian_max_G"]!, (double)averaged["hessian_max_G"]!);
        }
        Assert.True(Spectrum(lines[1]).Zip(Spectrum(lines[2]), (a, b) => Complex.Abs(a - b)).Max() > 1e-4, "the EMA and the uniform average are other generators");
        // G's own parameters are put back after each probe: the raw probe reads what it read before.
        var again = Probe(dir);
        Assert.Equal(Spectrum(lines[0]), Spectrum(Lines(run)[^1]));
        Assert.DoesNotContain("in G's place", again.Output);
    }

    [Fact]
    public void WithBetaZeroTheEmaIsTheLastIterateAndItsProbeIsTheRawProbe()
    {
        var dir = CliRunner.TempDirectory();
        var trained = CliRunner.Run(dir, null, ["train", .. InterruptedRunFixture.Tiny, "--averaging:ema=true", "--averaging:emaBeta=0", "--out", "run"]);
        Assert.True(trained.ExitCode == 0, trained.Output + trained.Error);
        Probe(dir, "--checkpoint", "all");
        Probe(dir, "--checkpoint", "all", "--generator", "ema");
        var lines = Lines(Path.Combine(dir, "run"));
        int half = lines.Count / 2;
        Assert.Equal(["step_000000020.ckpt", "step_000000040.ckpt", "latest.ckpt"],
            lines.Take(half).Select(l => (string)l["checkpoint"]!));
        Assert.Equal(lines.Take(half).Select(l => (string)l["checkpoint"]!), lines.Skip(half).Select(l => (string)l["checkpoint"]!));
        for (int i = 0; i < half; i++)
        {
            var (raw, ema) = (lines[i], lines[half + i]);
            Assert.Equal("ema", (string)ema["generator"]!);
            var a = Spectrum(raw);
            var b = Spectrum(ema);
            Assert.Equal(a.Count, b.Count);
            // θ_EMA = θ_t exactly in float64, and rounds to θ_t exactly in float32: the same game, the same field.
            for (int j = 0; j < a.Count; j++) Assert.True(Complex.Abs(a[j] - b[j]) <= 1e-12 * (1 + Complex.Abs(a[j])), $"{raw["checkpoint"]} λ_{j}: {a[j]} vs {b[j]}");
            foreach (var key in new[] { "max_real", "max_abs_imag", "update_radius", "hessian_min_G", "hessian_max_G", "hessian_min_D", "hessian_max_D" })
                Assert.Equal((double)raw[key]!, (double)ema[key]!, 1e-12);
        }
    }

    public static TheoryData<string, string[], string[]> Refusals => new()
    {
        // "plain" keeps no averages; the uniform average of "run" starts at step 25.
        { "plain", ["--generator", "uniform"], ["--generator", "averaging:uniform is off"] },
        { "plain", ["--generator", "ema"], ["--generator", "averaging:ema is off", "choose raw"] },
        { "run", ["--generator", "uniform", "--checkpoint", "step_000000020.ckpt"], ["--generator", "step 20", "starts at step 25"] },
        { "run", ["--generator", "EMA"], ["--generator", "'EMA'", "raw, ema, uniform"] },
        { "run", ["--generator", "average"], ["--generator", "'average'"] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void AnAverageTheRunDoesNotHaveAtTheCheckpointIsRefused(string source, string[] args, string[] said)
    {
        var dir = runs.Copy(source);
        var run = Path.Combine(dir, "run");
        var result = CliRunner.Run(dir, null, ["probe", "run", .. args]);
        Assert.Equal(2, result.ExitCode);
        foreach (var text in said) Assert.Contains(text, result.Error);
        Assert.False(File.Exists(Log(run)));
    }

    [Fact]
    public void AllCheckpointsSkipsThoseBeforeTheAveragesStart()
    {
        var dir = runs.Copy();
        var result = Probe(dir, "--checkpoint", "all", "--generator", "uniform");
        // 'all' lists step_000000020.ckpt and latest.ckpt (step 30) of the interrupted run; the uniform average starts at 25.
        Assert.Contains("skipped: step_000000020.ckpt is at step 20, before the uniform average starts at step 25", result.Error);
        var line = Assert.Single(Lines(Path.Combine(dir, "run")));
        Assert.Equal("latest.ckpt", (string)line["checkpoint"]!);
        Assert.Equal("uniform", (string)line["generator"]!);
    }
}
