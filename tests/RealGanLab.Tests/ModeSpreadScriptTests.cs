using System.Globalization;

namespace RealGanLab.Tests;

/// <summary>
/// bench/mode_spread.py, which measures how a mixture run's generator fills each mode (docs/results.md reads the long
/// ring runs with it): on the mixture itself every std ratio is near 1 and every share near 1/K; the real points of an
/// exported run's probe batch, drawn by RealGanLab, fit the script's mixture; G's rows add up to its high-quality fraction.
/// Needs /usr/bin/python3 with PyTorch (skipped without it; failed where .ci/run installed it).
/// </summary>
[Trait(TestTier.Category, TestTier.Slow)]
public class ModeSpreadScriptTests
{
    static readonly string Script = Path.Combine(CliRunner.RepositoryRoot(), "bench", "mode_spread.py");

    /// <summary>The high-quality fraction of the first line and the rows (share, largest, smallest, offset) of the table.</summary>
    static (double Hq, double[][] Rows) Parse(string output)
    {
        var lines = output.Split('\n');
        var head = lines[0];
        int at = head.IndexOf("high-quality fraction ", StringComparison.Ordinal);
        Assert.True(at >= 0, output);
        double hq = double.Parse(head[(at + "high-quality fraction ".Length)..].Split(',')[0], CultureInfo.InvariantCulture);
        var rows = lines.Where(l => l.StartsWith("| ") && char.IsDigit(l[2]))
            .Select(l => l.Trim().Trim('|').Split(" | ").Skip(1).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        return (hq, rows);
    }

    [SkippableFact]
    public void TheMixtureItselfFillsEveryModeAndAnExportedRunsRealPointsFitTheScriptsMixture()
    {
        ExportCliTests.RequirePyTorch();
        var dir = CliRunner.TempDirectory();
        var train = CliRunner.Run(dir, null, ["train", .. ExportCliTests.TinyMlp, "--out", "run"]);
        Assert.True(train.ExitCode == 0, train.Error + train.Output);
        var export = CliRunner.Run(dir, null, "export", "run", "--out", "exported");
        Assert.True(export.ExitCode == 0, export.Error + export.Output);
        string run = Path.Combine(dir, "run"), exported = Path.Combine(dir, "exported");

        // 20,000 points of the ring (8 modes, std 0.01): 98.9 % within 3 std; a 2-D Gaussian cut at 3 std keeps
        // about 0.97 of its std along each axis; shares 0.124 (s.e. 0.0023).
        var real = ExportCliTests.Run(ExportCliTests.Python, Script, run, "--real");
        Assert.True(real.Code == 0, real.Output);
        var (hq, rows) = Parse(real.Output);
        Assert.InRange(hq, 0.985, 0.993);
        Assert.Equal(8, rows.Length);
        Assert.All(rows, r =>
        {
            Assert.InRange(r[0], 0.114, 0.134);
            Assert.InRange(r[1], 0.93, 1.02);
            Assert.InRange(r[2], 0.93, 1.02);
            Assert.InRange(r[3], 0.0, 0.1);
        });

        // The probe batch's 256 real points, drawn by the run: the same mixture, so nearly all high-quality.
        var batch = ExportCliTests.Run(ExportCliTests.Python, Script, run, exported, "--batch");
        Assert.True(batch.Code == 0, batch.Output);
        (hq, rows) = Parse(batch.Output);
        Assert.InRange(hq, 0.96, 1.0);
        Assert.All(rows, r => Assert.InRange(r[1], 0.75, 1.3));

        // G after 40 steps: whatever it draws, the shares of the modes add up to its high-quality fraction.
        var generated = ExportCliTests.Run(ExportCliTests.Python, Script, run, exported, "--samples", "4000");
        Assert.True(generated.Code == 0, generated.Output);
        (hq, rows) = Parse(generated.Output);
        Assert.Equal(8, rows.Length);
        Assert.Equal(hq, rows.Sum(r => r[0]), 0.005);

        // Bad requests: exit 2 with the reason.
        var noRun = ExportCliTests.Run(ExportCliTests.Python, Script, dir, "--real");
        Assert.Equal(2, noRun.Code);
        Assert.Contains("has no config.json", noRun.Output);
        var both = ExportCliTests.Run(ExportCliTests.Python, Script, run, exported, "--real", "--batch");
        Assert.Equal(2, both.Code);
        Assert.Contains("exclude each other", both.Output);

        // The export's mixture and the config's must agree: a mean moved in export.json is refused, naming both files.
        var description = Path.Combine(exported, "export.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(description))!;
        node["mixture"]!["means"]![3]![0] = 0.5;
        File.WriteAllText(description, node.ToJsonString());
        var moved = ExportCliTests.Run(ExportCliTests.Python, Script, run, exported, "--batch");
        Assert.Equal(2, moved.Code);
        Assert.Contains("differs from the one", moved.Output);
        Assert.Contains("config.json", moved.Output);
        // An export without a mixture (from an older build) falls back to the config's ring.
        node.AsObject().Remove("mixture");
        File.WriteAllText(description, node.ToJsonString());
        var older = ExportCliTests.Run(ExportCliTests.Python, Script, run, exported, "--batch");
        Assert.True(older.Code == 0, older.Output);
        Assert.InRange(Parse(older.Output).Hq, 0.96, 1.0);
    }
}
