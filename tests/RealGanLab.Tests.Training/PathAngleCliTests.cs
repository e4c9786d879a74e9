using System.Globalization;
using System.Text.Json.Nodes;

namespace RealGanLab.Tests;

/// <summary>'realganlab probe RUN_DIR --path-angle A..B' on a tiny run, as a user runs it: its three files, and bad input refused.</summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class PathAngleCliTests
{
    static readonly string[] Tiny =
    [
        "--generator:latent=2", "--generator:hiddenLayers=1", "--generator:width=8", "--discriminator:hiddenLayers=1", "--discriminator:width=8",
        "--game:batchSize=32", "--probe:batchSize=64", "--train:steps=40", "--train:stepsPerEpoch=20", "--train:logEvery=10",
        "--train:probeEvery=0", "--train:checkpointEvery=10", "--train:keepEvery=20", "--train:evalSamples=200", "--rule", "simgd",
    ];

    [Fact]
    public void PathAngleWritesItsTableItsProbeAtBAndItsPicture()
    {
        var dir = CliRunner.TempDirectory();
        var train = CliRunner.Run(dir, null, ["train", .. Tiny, "--out", "run"]);
        Assert.True(train.ExitCode == 0, train.Error + train.Output);
        var r = CliRunner.Run(dir, null, "probe", "run", "--path-angle", "20..latest", "--path-points", "11", "--path-range=-1,2");
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        Assert.Contains("path-angle from step_000000020.ckpt to latest.ckpt (step 40)", r.Output);

        var rows = File.ReadAllLines(Path.Combine(dir, "run", "path_angle_step_000000020_latest.csv"));
        Assert.Equal("alpha,cos,cos_G,cos_D,v_norm,loss_G,loss_D", rows[0]);
        var table = rows.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(11, table.Count);
        Assert.Equal(-1.0, table[0][0], 12);
        Assert.Equal(2.0, table[^1][0], 12);
        Assert.All(table, row =>
        {
            Assert.InRange(row[1], -1.0, 1.0);
            Assert.InRange(row[4], 0.0, 1e6);
            Assert.True(double.IsFinite(row[5]) && double.IsFinite(row[6]), "both losses along the line");
        });
        // Not a constant: the field changes along a line between two points of training.
        Assert.True(table.Select(row => row[4]).Distinct().Count() > 5);

        var atB = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "path_angle_step_000000020_latest.json")))!;
        Assert.Equal("latest.ckpt", (string?)atB["to"]);
        Assert.Equal(40L, (long)atB["step"]!);
        Assert.True(atB["eigenvalues"]!.AsArray().Count > 0);
        Assert.True(new FileInfo(Path.Combine(dir, "run", "plots", "path_angle_step_000000020_latest.png")).Length > 10_000);
    }

    [Theory]
    [InlineData("--path-angle", "20", "--path-angle")]
    [InlineData("--path-angle", "20..999", "--path-angle")]
    [InlineData("--path-angle", "20..latest --path-range 1,0", "--path-range")]
    [InlineData("--path-angle", "20..latest --path-points 1", "--path-points")]
    [InlineData("--path-angle", "20..latest --checkpoint latest", "--checkpoint")]
    [InlineData("--path-angle", "20..step_000000020.ckpt", "--path-angle")]
    [InlineData("--path-points", "11", "--path-points")]
    public void BadPathAngleInputIsRefusedByNameAndWritesNothing(string option, string value, string key)
    {
        var dir = CliRunner.TempDirectory();
        var train = CliRunner.Run(dir, null, ["train", .. Tiny, "--train:steps=20", "--out", "run"]);
        Assert.True(train.ExitCode == 0, train.Error + train.Output);
        var r = CliRunner.Run(dir, null, ["probe", "run", option, .. value.Split(' ')]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(key, r.Output + r.Error);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "run"), "path_angle_*"));
    }
}
