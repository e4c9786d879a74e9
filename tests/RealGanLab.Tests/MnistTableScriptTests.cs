using System.Text.Json.Nodes;

namespace RealGanLab.Tests;

/// <summary>
/// bench/mnist_table.py, which makes the MNIST / Stacked MNIST table of docs/results.md: on a runs folder written by hand in the
/// layout of 'realganlab train' (summary.json, metrics.jsonl), G's last metrics with the real-data floors, the
/// averaged generators' columns (Yazıcı et al. 2019) only when a run has them, and --epoch N, which reads epoch N's
/// evaluation line instead.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class MnistTableScriptTests
{
    /// <summary>An MNIST evaluation (Stacked MNIST: with modes and KL) as ImageRunEvaluation writes it.</summary>
    static JsonObject Eval(double score, double fd, double classKl, double? modes = null, double? stackedKl = null)
    {
        var values = new JsonObject { ["mnist_score"] = score, ["frechet_distance"] = fd, ["class_kl"] = classKl };
        if (modes is not null) values["modes"] = modes;
        if (stackedKl is not null) values["stacked_kl"] = stackedKl;
        return values;
    }

    /// <summary>G's final evaluation with the real-data floors beside it (floor_&lt;metric&gt;).</summary>
    static JsonObject Final(JsonObject eval)
    {
        var final = (JsonObject)eval.DeepClone();
        final["floor_mnist_score"] = 9.79; final["floor_frechet_distance"] = 1.5; final["floor_class_kl"] = 0.002;
        if (eval.ContainsKey("modes")) { final["floor_modes"] = 1000; final["floor_stacked_kl"] = 0.03; }
        return final;
    }

    /// <summary>A run's summary.json as 'realganlab train' writes it (averaged: the averaging section's last evaluations).</summary>
    static string WriteRun(string folder, string name, JsonObject? final, double stepsPerSecond, long step = 2814,
        string status = "completed", JsonObject? averaged = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        var summary = new JsonObject
        {
            ["status"] = status, ["game"] = "DCGAN on MNIST, non-saturating", ["rule"] = "simultaneous GD", ["seed"] = 0,
            ["step"] = step, ["steps"] = step, ["epoch"] = 3, ["final"] = final,
            ["stepsPerSecond"] = stepsPerSecond, ["probeShare"] = 0.0, ["seconds"] = 100.0, ["parameterCount"] = 1000,
        };
        if (averaged is not null) summary["averaged"] = averaged;
        File.WriteAllText(Path.Combine(dir, "summary.json"), summary.ToJsonString());
        return dir;
    }

    /// <summary>metrics.jsonl: a train line before each eval line, as the trainer writes them.</summary>
    static void WriteMetrics(string dir, params JsonObject[] evals)
    {
        var lines = new List<string>();
        foreach (var e in evals)
        {
            lines.Add(new JsonObject { ["kind"] = "train", ["step"] = (long)e["step"]! - 1, ["epoch"] = (int)e["epoch"]! - 1, ["loss_G"] = 1.0 }.ToJsonString());
            lines.Add(e.ToJsonString());
        }
        File.WriteAllText(Path.Combine(dir, "metrics.jsonl"), string.Join("\n", lines) + "\n");
    }

    /// <summary>An eval line of metrics.jsonl: G's metrics, then each average's under "ema/…" / "uniform/…".</summary>
    static JsonObject EvalLine(int epoch, long step, JsonObject g, JsonObject? ema = null)
    {
        var line = new JsonObject { ["kind"] = "eval", ["step"] = step, ["epoch"] = epoch };
        foreach (var (k, v) in g) line[k] = v?.DeepClone();
        if (ema is not null) foreach (var (k, v) in ema) line["ema/" + k] = v?.DeepClone();
        return line;
    }

    static CliRunner.Result Table(string folder, params string[] options) =>
        CliRunner.RunExecutable(PythonFactAttribute.Python3()!, folder, null,
            [Path.Combine(CliRunner.RepositoryRoot(), "bench", "mnist_table.py"), folder, .. options]);

    static List<string> Rows(CliRunner.Result r) => r.Output.Split('\n').Where(l => l.StartsWith('|') && !l.StartsWith("|---")).ToList();

    static string[] Cells(string line) => line.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();

    [PythonFact]
    public void WithoutAveragedRunsTheTableIsTheReadmeLayoutExactly()
    {
        var folder = CliRunner.TempDirectory();
        WriteRun(folder, "mnist-simgd", Final(Eval(5.234, 306.14, 0.1512)), 31.59);
        var mu10 = Final(Eval(9.45, 10.4, 0.002));
        mu10["reconstruction_mse"] = 0.0921;
        WriteRun(folder, "mnist-compression-mu10", mu10, 25.91);
        WriteRun(folder, "stacked-mnist-r1", Final(Eval(3.83, 481.7, 0.262, 929, 0.84)), 11.76);
        WriteRun(folder, "mnist-wgan-gp", null, 2, step: 17, status: "diverged");
        Directory.CreateDirectory(Path.Combine(folder, "not-a-run"));

        var r = Table(folder);
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        // The layout of the table in docs/results.md, byte for byte: rows in name order, empty cells "|  |".
        Assert.Equal(string.Join("\n",
            "| run | status | steps | steps/s | MNIST score ↑ | FD ↓ | class KL ↓ | recon. MSE | modes /1000 ↑ | KL ↓ |",
            "|---|---|---|---|---|---|---|---|---|---|",
            "| mnist-compression-mu10 | completed | 2814 | 25.91 | 9.45 (floor 9.79) | 10.4 (floor 1.5) | 0.002 (floor 0.002) | 0.092 |  |  |",
            "| mnist-simgd | completed | 2814 | 31.59 | 5.23 (floor 9.79) | 306.1 (floor 1.5) | 0.151 (floor 0.002) |  |  |  |",
            "| mnist-wgan-gp | diverged | 17 | 2 |  |  |  |  |  |  |",
            "| stacked-mnist-r1 | completed | 2814 | 11.76 | 3.83 (floor 9.79) | 481.7 (floor 1.5) | 0.262 (floor 0.002) |  | 929 (floor 1000) | 0.84 (floor 0.03) |",
            ""), r.Output);
    }

    [PythonFact]
    public void AveragedGeneratorColumnsAppearOnlyForTheAveragesAndMetricsThatARunHas()
    {
        var folder = CliRunner.TempDirectory();
        WriteRun(folder, "mnist-simgd", Final(Eval(5.23, 306.1, 0.151)), 31.59);
        WriteRun(folder, "mnist-simgd-avg", Final(Eval(5.5, 290.0, 0.12)), 30,
            averaged: new JsonObject { ["ema"] = Eval(6.126, 250.04, 0.0914), ["uniform"] = Eval(5.904, 270.96, 0.1006) });
        // A Stacked MNIST run with the EMA only (its uniform average not evaluated yet: null).
        WriteRun(folder, "stacked-mnist-ema", Final(Eval(3.7, 508.1, 0.267, 922, 0.88)), 27.82,
            averaged: new JsonObject { ["ema"] = Eval(4.01, 450.0, 0.2, 951.4, 0.712), ["uniform"] = null });

        var r = Table(folder);
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var lines = Rows(r);
        var header = Cells(lines[0]);
        // G's columns as without averages, then the EMA's five (modes and KL: a Stacked MNIST run has them), then the
        // uniform average's three (no Stacked MNIST run has one).
        Assert.Equal(["run", "status", "steps", "steps/s", "MNIST score ↑", "FD ↓", "class KL ↓", "modes /1000 ↑", "KL ↓",
            "EMA: MNIST score ↑", "EMA: FD ↓", "EMA: class KL ↓", "EMA: modes /1000 ↑", "EMA: KL ↓",
            "uniform avg: MNIST score ↑", "uniform avg: FD ↓", "uniform avg: class KL ↓"], header);
        Assert.All(lines, l => Assert.Equal(header.Length, l.Trim().Trim('|').Split(" | ").Length));

        var avg = Cells(lines.Single(l => l.StartsWith("| mnist-simgd-avg ")));
        Assert.Equal(["5.50 (floor 9.79)", "290.0 (floor 1.5)", "0.120 (floor 0.002)", "", ""], avg[4..9]);
        Assert.Equal(["6.13", "250.0", "0.091", "", "", "5.90", "271.0", "0.101"], avg[9..]);
        var stacked = Cells(lines.Single(l => l.StartsWith("| stacked-mnist-ema ")));
        Assert.Equal(["922 (floor 1000)", "0.88 (floor 0.03)"], stacked[7..9]);
        Assert.Equal(["4.01", "450.0", "0.200", "951", "0.71", "", "", ""], stacked[9..]);
        var plain = Cells(lines.Single(l => l.StartsWith("| mnist-simgd ")));
        Assert.Equal(["5.23 (floor 9.79)", "306.1 (floor 1.5)", "0.151 (floor 0.002)"], plain[4..7]);
        Assert.All(plain[9..], c => Assert.Equal("", c));
    }

    [PythonFact]
    public void EpochOptionReadsThatEpochsEvalLineForGAndTheAverages()
    {
        var folder = CliRunner.TempDirectory();
        // A 30-epoch run: its summary holds epoch 30, metrics.jsonl epochs 1 to 4 (epoch 3 twice: resumed; the newer wins).
        var longRun = WriteRun(folder, "mnist-simgd-long", Final(Eval(8.0, 50.0, 0.01)), 20, step: 28140,
            averaged: new JsonObject { ["ema"] = Eval(8.5, 40.0, 0.008) });
        WriteMetrics(longRun,
            EvalLine(1, 938, Eval(3.0, 600.0, 0.5), Eval(2.0, 700.0, 0.6)),
            EvalLine(2, 1876, Eval(4.0, 400.0, 0.3), Eval(4.5, 380.0, 0.25)),
            EvalLine(3, 2814, Eval(4.9, 320.0, 0.2), Eval(5.1, 300.0, 0.19)),
            EvalLine(3, 2814, Eval(5.02, 310.04, 0.1634), Eval(5.47, 290.16, 0.1429)),
            EvalLine(4, 3752, Eval(6.0, 200.0, 0.1), Eval(6.5, 180.0, 0.09)));
        // A 3-epoch run without averaging: its epoch 3 is its last evaluation, the same numbers as its summary.
        var shortRun = WriteRun(folder, "mnist-simgd", Final(Eval(5.23, 306.1, 0.151)), 31.59);
        WriteMetrics(shortRun, EvalLine(1, 938, Eval(3.1, 610.0, 0.4)), EvalLine(2, 1876, Eval(4.2, 390.0, 0.2)),
            EvalLine(3, 2814, Eval(5.23, 306.1, 0.151)));

        var r = Table(folder, "--epoch", "3");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var lines = Rows(r);
        Assert.Equal(["run", "status", "steps", "steps/s", "MNIST score ↑", "FD ↓", "class KL ↓",
            "EMA: MNIST score ↑", "EMA: FD ↓", "EMA: class KL ↓"], Cells(lines[0]));
        // Epoch 3's step, not the run's 28140; the floors from the summary.
        Assert.Equal(["mnist-simgd-long", "completed", "2814", "20", "5.02 (floor 9.79)", "310.0 (floor 1.5)", "0.163 (floor 0.002)",
            "5.47", "290.2", "0.143"], Cells(lines.Single(l => l.StartsWith("| mnist-simgd-long "))));
        Assert.Equal(["mnist-simgd", "completed", "2814", "31.59", "5.23 (floor 9.79)", "306.1 (floor 1.5)", "0.151 (floor 0.002)",
            "", "", ""], Cells(lines.Single(l => l.StartsWith("| mnist-simgd "))));
        Assert.Contains("epoch-3 evaluation", r.Output);

        // Without --epoch: the summaries' final numbers.
        var last = Table(folder);
        Assert.True(last.ExitCode == 0, last.Output + last.Error);
        Assert.Equal(["mnist-simgd-long", "completed", "28140", "20", "8.00 (floor 9.79)", "50.0 (floor 1.5)", "0.010 (floor 0.002)",
            "8.50", "40.0", "0.008"], Cells(Rows(last).Single(l => l.StartsWith("| mnist-simgd-long "))));
        // --epoch=2 is the same option.
        var two = Table(folder, "--epoch=2");
        Assert.True(two.ExitCode == 0, two.Output + two.Error);
        Assert.Equal(["1876", "20", "4.00 (floor 9.79)"], Cells(Rows(two).Single(l => l.StartsWith("| mnist-simgd-long ")))[2..5]);
    }

    [PythonFact]
    public void AnEpochThatARunDoesNotHaveIsAnErrorNamingTheRun()
    {
        var folder = CliRunner.TempDirectory();
        var longRun = WriteRun(folder, "mnist-simgd-long", Final(Eval(8.0, 50.0, 0.01)), 20, step: 3752);
        WriteMetrics(longRun, EvalLine(1, 938, Eval(3.0, 600.0, 0.5)), EvalLine(2, 1876, Eval(4.0, 400.0, 0.3)),
            EvalLine(3, 2814, Eval(5.0, 300.0, 0.2)), EvalLine(4, 3752, Eval(6.0, 200.0, 0.1)));
        var shortRun = WriteRun(folder, "mnist-altgd", Final(Eval(5.34, 281.2, 0.148)), 9.98, step: 1876);
        WriteMetrics(shortRun, EvalLine(1, 938, Eval(3.1, 610.0, 0.4)), EvalLine(2, 1876, Eval(5.34, 281.2, 0.148)));

        var r = Table(folder, "--epoch", "4");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("run 'mnist-altgd' has no evaluation of epoch 4", r.Error);
        Assert.Contains("epochs evaluated: 1, 2", r.Error);
        Assert.DoesNotContain("|", r.Output);

        // A run without metrics.jsonl at all.
        File.Delete(Path.Combine(shortRun, "metrics.jsonl"));
        var none = Table(folder, "--epoch", "3");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("run 'mnist-altgd' has no metrics.jsonl", none.Error);

        // An epoch that is not a number from 1.
        var bad = Table(folder, "--epoch", "x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--epoch", bad.Error);
    }
}
