namespace RealGanLab.Tests;

/// <summary>
/// 'realganlab runs' tells 'field' outputs and training runs apart: a field output (spectrum.json, trajectory.csv, or a
/// marker of kind field) is listed as kind field, completed, with its game, rule and verdict — never as an interrupted
/// run without a checkpoint — next to the training runs (kind train).
/// </summary>
[NoGarbageCollection]
public class RunsCommandTests
{
    [Fact]
    public void Field_outputs_and_training_runs_are_listed_with_their_kind()
    {
        var dir = CliRunner.TempDirectory();
        var field = CliRunner.Run(dir, null, "field", "--steps", "50", "--out", "runs/fd");
        Assert.True(field.ExitCode == 0, field.Output + field.Error);
        // A finished training run, as its files say (config.json and DONE).
        Directory.CreateDirectory(Path.Combine(dir, "runs", "tr"));
        File.WriteAllText(Path.Combine(dir, "runs", "tr", "config.json"), """{ "config": { "train": { "steps": 60 } } }""");
        File.WriteAllText(Path.Combine(dir, "runs", "tr", "DONE"), "completed\n");
        // A field output known by its marker alone.
        Directory.CreateDirectory(Path.Combine(dir, "runs", "fm"));
        File.WriteAllText(Path.Combine(dir, "runs", "fm", "config.json"), """{ "config": { "field": { "steps": 7 } } }""");
        RealGanLab.Output.OwnershipMarker.Claim(Path.Combine(dir, "runs", "fm"), RealGanLab.Output.OwnershipMarker.Field, "--out");

        var r = CliRunner.Run(dir, new Dictionary<string, string> { ["COLUMNS"] = "200" }, "runs");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var rows = r.Output.Split('\n').Where(l => l.StartsWith("│ ")).Select(l => l.Split('│', StringSplitOptions.TrimEntries)[1..^1]).ToList();
        Assert.Equal(["run", "kind", "status", "step", "detail"], rows[0]);
        var byName = rows.Skip(1).Where(c => c[0].Length > 0).ToDictionary(c => c[0]);
        Assert.Equal(["fd", "fm", "tr"], byName.Keys.Order());
        Assert.Equal(["field", "completed", "50/50"], byName["fd"][1..4]);
        Assert.StartsWith("dirac · simgd · ", string.Join(" ", rows.Skip(1).SkipWhile(c => c[0] != "fd").TakeWhile(c => c[0] is "fd" or "").Select(c => c[4])));
        Assert.Equal(["field", "completed", "7/7"], byName["fm"][1..4]);
        Assert.Equal(["train", "completed"], byName["tr"][1..3]);
        Assert.DoesNotContain("interrupted", r.Output);
        Assert.Contains("3 completed", r.Output);

        // The field output on its own, and under a status filter.
        var one = CliRunner.Run(dir, null, "runs", "runs/fd");
        Assert.True(one.ExitCode == 0, one.Output + one.Error);
        Assert.Contains("│ fd ", one.Output);
        Assert.Contains("1 completed", one.Output);
        var interrupted = CliRunner.Run(dir, null, "runs", "--status", "interrupted");
        Assert.Contains("no interrupted runs", interrupted.Output);
        Directory.Delete(dir, recursive: true);
    }
}
