using System.Text.Json.Nodes;

namespace RealGanLab.Tests;

/// <summary>
/// bench/mixture_table.py and bench/mixture_table.sh, which make the ring and grid table of docs/results.md: on a runs folder
/// written by hand in the layout of 'realganlab train' (summary.json), mean ± standard error and the std over any
/// number of seeds, the goal count, averaged-generator columns only when a run has them, and the published rows.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class MixtureTableScriptTests
{
    static JsonObject Final(int modes, int count, double hq, object rkl) => new()
    {
        ["modesCaptured"] = modes, ["modeCount"] = count, ["highQualityFraction"] = hq,
        ["reverseKl"] = rkl is string s ? JsonValue.Create(s) : JsonValue.Create((double)rkl),
        ["samples"] = 2500, ["nonFinite"] = 0,
    };

    /// <summary>A run's summary.json as 'realganlab train' writes it (averaged: the averaging section's last evaluations).</summary>
    static void WriteRun(string folder, string name, JsonObject final, double stepsPerSecond, JsonObject? averaged = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        var summary = new JsonObject
        {
            ["status"] = "completed", ["game"] = "MLP GAN on ring, non-saturating", ["rule"] = "simultaneous GD", ["seed"] = 0,
            ["step"] = 100, ["steps"] = 100, ["epoch"] = 1, ["final"] = final,
            ["finalProbe"] = new JsonObject { ["step"] = 100, ["max_real"] = 0.5, ["max_abs_imag"] = 2.0, ["update_radius"] = 1.0 },
            ["stepsPerSecond"] = stepsPerSecond, ["probeShare"] = 0.1, ["seconds"] = 10.0, ["parameterCount"] = 52483,
            ["latestCheckpoint"] = "checkpoints/latest.ckpt",
        };
        if (averaged is not null) summary["averaged"] = averaged;
        File.WriteAllText(Path.Combine(dir, "summary.json"), summary.ToJsonString());
        File.WriteAllText(Path.Combine(dir, "DONE"), "");
    }

    static CliRunner.Result Table(string folder) =>
        CliRunner.RunExecutable(PythonFactAttribute.Python3()!, folder, null, Path.Combine(CliRunner.RepositoryRoot(), "bench", "mixture_table.py"), folder);

    static string[] Cells(string line) => line.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();

    [PythonFact]
    public void FiveSeedsGiveMeanStandardErrorAndStdTheGoalCountAndThePublishedRows()
    {
        var folder = CliRunner.TempDirectory();
        // modes 8, 8, 7, 8, 0: mean 6.2, sd √12.2 = 3.49, s.e. 1.56; reverse KL undefined (NaN) in the fifth seed.
        (int Modes, double Hq, object Rkl)[] seeds = [(8, 0.96, 0.01), (8, 0.97, 0.02), (7, 0.99, 0.1), (8, 0.90, 0.01), (0, 0.0, "NaN")];
        for (int s = 0; s < seeds.Length; s++) WriteRun(folder, $"ring-simgd-s{s}", Final(seeds[s].Modes, 8, seeds[s].Hq, seeds[s].Rkl), 100 + 10 * s);
        WriteRun(folder, "grid-r1-s0", Final(25, 25, 0.5, 0.1), 90);
        Directory.CreateDirectory(Path.Combine(folder, "not-a-run"));

        var r = Table(folder);
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var lines = r.Output.Split('\n').Where(l => l.StartsWith('|') && !l.StartsWith("|---")).ToList();
        Assert.DoesNotContain("EMA", lines[0]);
        var ring = Cells(lines.Single(l => l.StartsWith("| ring-simgd ")));
        Assert.Equal("5", ring[1]);
        Assert.Equal("6.2 ± 1.6 / 8 (sd 3.5)", ring[2]);
        // HQ %: 96, 97, 99, 90, 0 → mean 76.4, sd 42.8, s.e. 19.2.
        Assert.Equal("76.4 ± 19.2 (sd 42.8)", ring[3]);
        // Reverse KL over the four seeds that have one: mean 0.035, sd 0.044, s.e. 0.022.
        Assert.Equal("0.035 ± 0.022 (sd 0.044) [4 of 5 seeds]", ring[4]);
        // All modes, HQ ≥ 95 %, rKL ≤ 0.03: seeds 0 and 1 only.
        Assert.Equal("2 of 5", ring[5]);
        Assert.Equal("120 ± 7 (sd 16)", ring[8]);
        var grid = Cells(lines.Single(l => l.StartsWith("| grid-r1 ")));
        Assert.Equal(["grid-r1", "1", "25.0 / 25", "50.0", "0.100", "0 of 1"], grid[..6]);

        // Published rows follow their data set's runs: PacGAN's and VEEGAN's (Srivastava et al. 2017, Table 1).
        int ringRow = lines.FindIndex(l => l.StartsWith("| ring-simgd ")), gridRow = lines.FindIndex(l => l.StartsWith("| grid-r1 "));
        int veeganRing = lines.FindIndex(l => l.Contains("*ring: VEEGAN (VEEGAN paper"));
        Assert.InRange(veeganRing, ringRow + 1, gridRow - 1);
        Assert.Equal(["8 / 8", "52.9"], Cells(lines[veeganRing])[2..4]);
        Assert.Equal(["7.6 / 8", "35.6"], Cells(lines.Single(l => l.Contains("*ring: Unrolled GAN (VEEGAN")))[2..4]);
        Assert.Equal(["1 / 8", "99.3"], Cells(lines.Single(l => l.Contains("*ring: GAN (VEEGAN")))[2..4]);
        Assert.Equal(["3.3 / 25", "0.5"], Cells(lines.Single(l => l.Contains("*grid: GAN (VEEGAN")))[2..4]);
        Assert.Equal(["23.6 / 25", "16"], Cells(lines.Single(l => l.Contains("*grid: Unrolled GAN (VEEGAN")))[2..4]);
        Assert.Equal(["24.6 / 25", "40"], Cells(lines.Single(l => l.Contains("*grid: VEEGAN (VEEGAN")))[2..4]);
        Assert.Equal(["6.3 / 8", "98.2", "0.45"], Cells(lines.Single(l => l.Contains("*ring: GAN (PacGAN")))[2..5]);
        Assert.Equal(["24.8 / 25", "93.6", "0.04"], Cells(lines.Single(l => l.Contains("*grid: PacGAN4 (PacGAN")))[2..5]);
        Assert.InRange(lines.FindIndex(l => l.Contains("*grid: VEEGAN")), gridRow + 1, lines.Count - 1);
        Assert.All(lines, l => Assert.Equal(Cells(lines[0]).Length, Cells(l).Length));
    }

    [PythonFact]
    public void AveragedGeneratorColumnsAppearOnlyForTheAveragesThatARunHas()
    {
        var folder = CliRunner.TempDirectory();
        WriteRun(folder, "ring-simgd-s0", Final(1, 8, 0.2, 2.0), 100);
        WriteRun(folder, "ring-wgan-gp-ema-s0", Final(8, 8, 0.5, 0.2), 40,
            new JsonObject { ["ema"] = Final(8, 8, 0.98, 0.005), ["uniform"] = null });
        WriteRun(folder, "ring-wgan-gp-ema-s1", Final(8, 8, 0.96, 0.01), 40,
            new JsonObject { ["ema"] = Final(8, 8, 0.97, 0.01), ["uniform"] = null });

        var r = Table(folder);
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var lines = r.Output.Split('\n').Where(l => l.StartsWith('|') && !l.StartsWith("|---")).ToList();
        var header = Cells(lines[0]);
        Assert.Contains("EMA: modes", header);
        Assert.DoesNotContain(header, h => h.StartsWith("uniform"));
        int modes = Array.IndexOf(header, "EMA: modes");
        var ema = Cells(lines.Single(l => l.StartsWith("| ring-wgan-gp-ema ")));
        Assert.Equal(["8.0 ± 0.0 / 8 (sd 0.0)", "97.5 ± 0.5 (sd 0.7)", "0.007 ± 0.003 (sd 0.004)", "2 of 2"], ema[modes..(modes + 4)]);
        // The raw G of the same runs: one of two meets the goal.
        Assert.Equal("1 of 2", ema[5]);
        var plain = Cells(lines.Single(l => l.StartsWith("| ring-simgd ")));
        Assert.Equal(["—", "—", "—", "—"], plain[modes..(modes + 4)]);
    }

    [PythonFact]
    public void KnnMetricColumnsAppearWhenARunHasThemWithTheMeanFloor()
    {
        var folder = CliRunner.TempDirectory();
        var without = CliRunner.TempDirectory();
        WriteRun(without, "ring-simgd-s0", Final(8, 8, 0.9, 0.02), 100);
        Assert.DoesNotContain("precision", Table(without).Output);

        // precision 0.6 and 0.7 (mean 0.65, sd 0.0707, s.e. 0.05), floors 0.96 and 0.98 (mean 0.97).
        (double P, double R, double FloorP)[] seeds = [(0.6, 0.9, 0.96), (0.7, 0.92, 0.98)];
        for (int s = 0; s < seeds.Length; s++)
        {
            var final = Final(8, 8, 0.9, 0.02);
            final["precision"] = seeds[s].P; final["recall"] = seeds[s].R; final["density"] = 0.5; final["coverage"] = 0.7;
            final["floor_precision"] = seeds[s].FloorP; final["floor_recall"] = 0.97; final["floor_density"] = 1.0; final["floor_coverage"] = 0.97;
            WriteRun(folder, $"ring-consensus-s{s}", final, 60);
        }
        WriteRun(folder, "ring-simgd-s0", Final(8, 8, 0.9, 0.02), 100);   // a run from before the metrics
        var r = Table(folder);
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var lines = r.Output.Split('\n').Where(l => l.StartsWith('|') && !l.StartsWith("|---")).ToList();
        var header = Cells(lines[0]);
        int precision = Array.IndexOf(header, "precision");
        Assert.Equal(["precision", "recall", "density", "coverage"], header[precision..(precision + 4)]);
        var consensus = Cells(lines.Single(l => l.StartsWith("| ring-consensus ")));
        Assert.Equal("0.650 ± 0.050 (sd 0.071) [floor 0.970]", consensus[precision]);
        Assert.Equal("0.910 ± 0.010 (sd 0.014) [floor 0.970]", consensus[precision + 1]);
        Assert.Equal("0.500 ± 0.000 (sd 0.000) [floor 1.000]", consensus[precision + 2]);
        Assert.Equal(["—", "—", "—", "—"], Cells(lines.Single(l => l.StartsWith("| ring-simgd ")))[precision..(precision + 4)]);
        Assert.All(lines, l => Assert.Equal(header.Length, Cells(l).Length));
    }

    [PythonFact]
    public void TheCompactTableIsTheReadmesRowsInTheOrderGivenWithMeansAndTheFloorsPerDataSet()
    {
        var folder = CliRunner.TempDirectory();
        // ring: precision 0.6 and 0.7 → 0.65; HQ 90 and 96 % → 93.0 ± 3.0; rKL 0.04 and 0.02 → 0.030; seed 1 alone meets the goal.
        (double P, double Hq, double Rkl)[] seeds = [(0.6, 0.90, 0.04), (0.7, 0.96, 0.02)];
        for (int s = 0; s < seeds.Length; s++)
        {
            var final = Final(8, 8, seeds[s].Hq, seeds[s].Rkl);
            final["precision"] = seeds[s].P; final["recall"] = 0.8; final["density"] = 0.9; final["coverage"] = 0.5;
            final["floor_precision"] = 0.96 + 0.02 * s; final["floor_recall"] = 0.97; final["floor_density"] = 0.99; final["floor_coverage"] = 0.97;
            WriteRun(folder, $"ring-consensus-s{s}", final, 60);
        }
        var grid = Final(20, 25, 0.1, 0.9);
        grid["precision"] = 0.1; grid["recall"] = 0.97; grid["density"] = 0.08; grid["coverage"] = 0.18;
        grid["floor_precision"] = 0.97; grid["floor_recall"] = 0.96; grid["floor_density"] = 1.01; grid["floor_coverage"] = 0.97;
        WriteRun(folder, "grid-unrolled-s0", grid, 20);
        string Script() => Path.Combine(CliRunner.RepositoryRoot(), "bench", "mixture_table.py");

        var r = CliRunner.RunExecutable(PythonFactAttribute.Python3()!, folder, null, Script(), "--compact", folder, "grid-unrolled", "ring-consensus");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var lines = r.Output.Split('\n').Where(l => l.StartsWith('|') && !l.StartsWith("|---")).ToList();
        Assert.Equal(["config", "steps", "modes", "high-quality %", "reverse KL", "goal met", "precision / recall / density / coverage"], Cells(lines[0]));
        Assert.Equal(["grid-unrolled", "100", "20.0 / 25", "10.0", "0.900", "0 of 1", "0.10 / 0.97 / 0.08 / 0.18"], Cells(lines[1]));
        Assert.Equal(["ring-consensus", "100", "8.0 / 8", "93.0 ± 3.0", "0.030", "1 of 2", "0.65 / 0.80 / 0.90 / 0.50"], Cells(lines[2]));
        Assert.Contains("grid 0.97 / 0.96 / 1.01 / 0.97; ring 0.97 / 0.97 / 0.99 / 0.97", r.Output);

        // A config without runs is named; an unfinished seed is marked in its row.
        var missing = CliRunner.RunExecutable(PythonFactAttribute.Python3()!, folder, null, Script(), "--compact", folder, "ring-nope");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no runs of ring-nope", missing.Error);
        var summary = Path.Combine(folder, "ring-consensus-s1", "summary.json");
        File.WriteAllText(summary, File.ReadAllText(summary).Replace("\"completed\"", "\"interrupted\""));
        var marked = CliRunner.RunExecutable(PythonFactAttribute.Python3()!, folder, null, Script(), "--compact", folder, "ring-consensus");
        Assert.Contains("| ring-consensus (1 of 2 seeds interrupted) |", marked.Output);

        // A seed that has started (config.json) and written no summary yet counts as a seed without a result: its
        // row says so and the goal count is out of three seeds, not two; a folder without config.json is no run.
        File.WriteAllText(summary, File.ReadAllText(summary).Replace("\"interrupted\"", "\"completed\""));
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "ring-consensus-s2")).FullName, "config.json"), "{}");
        Directory.CreateDirectory(Path.Combine(folder, "ring-consensus-s3"));
        var started = CliRunner.RunExecutable(PythonFactAttribute.Python3()!, folder, null, Script(), "--compact", folder, "ring-consensus");
        var row = Cells(started.Output.Split('\n').Single(l => l.StartsWith("| ring-consensus")));
        Assert.Equal("ring-consensus (1 of 3 seeds without summary.json)", row[0]);
        Assert.Equal("93.0 ± 3.0 [2 of 3 seeds]", row[3]);
        Assert.Equal("1 of 3", row[5]);
    }

    [PythonFact]
    public void TheShellScriptRunsTheConfigsItIsGivenForEachSeedAndSkipsFinishedOnes()
    {
        // A stand-in dotnet on PATH: 'build' does nothing, 'train' records its call and writes a summary and DONE.
        var bin = CliRunner.TempDirectory();
        var stub = Path.Combine(bin, "dotnet");
        File.WriteAllText(stub, """
            #!/usr/bin/env bash
            [ "$1" = build ] && exit 0
            shift; [ "$1" = train ] || exit 1; shift
            while [ $# -gt 0 ]; do case "$1" in --config) c=$2; shift;; --seed) s=$2; shift;; --out) o=$2; shift;; esac; shift; done
            mkdir -p "$o"; echo "$(basename "$c") $s" >> "$(dirname "$o")/calls.txt"
            printf '{"status":"completed","final":{"modesCaptured":8,"modeCount":8,"highQualityFraction":0.96,"reverseKl":0.01},"stepsPerSecond":100}' > "$o/summary.json"
            touch "$o/DONE"
            """.Replace("\r", ""));
        File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = new Dictionary<string, string> { ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") };
        var out_ = Path.Combine(CliRunner.TempDirectory(), "table");
        var script = Path.Combine(CliRunner.RepositoryRoot(), "bench", "mixture_table.sh");
        var configFile = Path.Combine(CliRunner.RepositoryRoot(), "configs", "grid-r1.json");

        var r = WrapperScript.Run(bin, script, env, out_, "3", "2", "ring-simgd", configFile);
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var calls = File.ReadAllLines(Path.Combine(out_, "calls.txt")).Order().ToArray();
        Assert.Equal(["grid-r1.json 0", "grid-r1.json 1", "grid-r1.json 2", "ring-simgd.json 0", "ring-simgd.json 1", "ring-simgd.json 2"], calls);
        Assert.Contains("| ring-simgd | 3 | 8.0 ± 0.0 / 8 (sd 0.0) |", r.Output);
        Assert.Contains("| grid-r1 | 3 |", r.Output);

        // Rerun: every member has DONE, nothing is trained again.
        Assert.Equal(0, WrapperScript.Run(bin, script, env, out_, "3", "2", "ring-simgd", configFile).ExitCode);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(out_, "calls.txt")).Length);

        // A config that does not exist is bad input, before anything runs.
        var missing = WrapperScript.Run(bin, script, env, out_, "3", "2", "ring-nope");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no config 'ring-nope'", missing.Error);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(out_, "calls.txt")).Length);
    }
}
