using System.Text.Json.Nodes;
using RealGanLab.Output;

namespace RealGanLab.Tests;

/// <summary>
/// The tool touches only what it made: run, sweep and field directories carry its marker from their first write;
/// --force replaces a genuine earlier output and nothing else; a sweep worker restarts only a marked member folder;
/// a resumed run checks the data it was trained on.
/// </summary>
[Trait(TestTier.Category, TestTier.Slow)]
public class OwnershipCliTests(TinyRunFixture fixture) : IClassFixture<TinyRunFixture>
{
    static readonly string[] Tiny = TinyRunFixture.Tiny;

    static CliRunner.Result Train(string dir, params string[] args) => CliRunner.Run(dir, null, ["train", .. Tiny, .. args]);

    static OwnershipMarker Marker(string directory) => OwnershipMarker.Read(directory) ?? throw new Xunit.Sdk.XunitException($"no marker in {directory}");

    [Fact]
    public void ForceOnAUsersFolderKeepsEveryFileByteForByte()
    {
        var dir = CliRunner.TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "p", "src"));
        File.WriteAllText(Path.Combine(dir, "p", "notes.txt"), "x\n");
        File.WriteAllText(Path.Combine(dir, "p", "src", "main.c"), "int main(void) { return 0; }\n");
        File.WriteAllText(Path.Combine(dir, "p", "config.json"), """{"name":"app"}""");
        var before = HostileInput.Snapshot(dir);

        var r = Train(dir, "--out", "p", "--force");
        HostileInput.AssertRefused(r, dir, before, Path.Combine(dir, "p"), "notes.txt", "src/", "config.json", "3 entries");

        var here = Train(Path.Combine(dir, "p"), "--out", ".", "--force");
        HostileInput.AssertRefused(here, dir, before, "not made by realganlab");
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(dir, "p", "notes.txt")));
    }

    [Fact]
    public void ANewRunIsMarkedAndForceReplacesIt()
    {
        var dir = fixture.Copy();
        var run = Path.Combine(dir, "run");
        var marker = Marker(run);
        Assert.Equal(OwnershipMarker.Identity, marker.Tool);
        Assert.Equal(OwnershipMarker.Run, marker.Kind);
        Assert.Matches("^[0-9a-f]{32}$", marker.Id);
        // A file probe writes, and the temp files atomic writes leave when their process is killed (an earlier build's,
        // named by process id, and today's, a plot's and a checkpoint's included): the tool's, so replaced too.
        File.WriteAllText(Path.Combine(run, "probe_checkpoints.jsonl"), "{}\n");
        File.WriteAllText(Path.Combine(run, ".summary.json.partial-12345"), "{");
        string[] leftovers = [Path.Combine(run, ".DONE.partial-3fa85f6457b2"), Path.Combine(run, "samples", ".epoch_0001.png.partial-3fa85f6457b2.png"),
            Path.Combine(run, "plots", ".losses.png.partial-0a1b2c3d4e5f.png"), Path.Combine(run, "checkpoints", ".latest.ckpt.partial-0123456789ab")];
        foreach (var leftover in leftovers) File.WriteAllText(leftover, "half");
        var oldMetrics = File.ReadAllText(Path.Combine(run, "metrics.jsonl"));

        var r = Train(dir, "--data", "file", "--data:file=mix.json", "--seed", "7", "--out", "run", "--force");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        Assert.False(File.Exists(Path.Combine(run, "probe_checkpoints.jsonl")));
        Assert.False(File.Exists(Path.Combine(run, ".summary.json.partial-12345")));
        foreach (var leftover in leftovers) Assert.False(File.Exists(leftover), leftover);
        Assert.True(File.Exists(Path.Combine(run, "DONE")));
        Assert.Equal(7, (int)JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!["config"]!["seed"]!);
        Assert.NotEqual(oldMetrics, File.ReadAllText(Path.Combine(run, "metrics.jsonl")));
        // The directory is the same one: its marker (identity and creation time) is kept.
        Assert.Equal(marker, Marker(run));
    }

    [Fact]
    public void ARunFromBeforeMarkersResumesButIsNotForced()
    {
        var dir = fixture.Copy();
        var run = Path.Combine(dir, "run");
        File.Delete(Path.Combine(run, ".realganlab"));
        // Nor did such runs record their data.
        var configPath = Path.Combine(run, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["provenance"]!.AsObject().Remove("data");
        File.WriteAllText(configPath, config.ToJsonString());
        var before = HostileInput.Snapshot(dir);

        var forced = Train(dir, "--out", "run", "--force");
        HostileInput.AssertRefused(forced, dir, before, "not made by realganlab", "delete it by hand");

        var resumed = CliRunner.Run(dir, null, "train", "--out", "run", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Contains("resuming at step 2", resumed.Output);
        var warnings = resumed.Error.Split('\n').Where(l => l.StartsWith("warning:")).ToList();
        Assert.Single(warnings);
        Assert.Contains("data could not be checked", warnings[0]);
        Assert.True(File.Exists(Path.Combine(run, "DONE")));
        // Resuming proves nothing about who made the folder: it stays unmarked.
        Assert.Null(OwnershipMarker.Read(run));
    }

    [Fact]
    public void ResumeRefusesAChangedMixtureFileAndContinuesOnTheOriginal()
    {
        var dir = fixture.Copy();
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "config.json")))!;
        var recorded = config["provenance"]!["data"]![0]!;
        Assert.Equal("data:file", (string?)recorded["role"]);
        Assert.Equal("mix.json", (string?)recorded["path"]);
        var original = File.ReadAllText(Path.Combine(dir, "mix.json"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "mix.json")))), (string?)recorded["sha256"]);

        File.WriteAllText(Path.Combine(dir, "mix.json"), original.Replace("[0, 1]", "[0, 3]"));
        var before = HostileInput.Snapshot(dir);
        var changed = CliRunner.Run(dir, null, "train", "--out", "run", "--resume");
        HostileInput.AssertRefused(changed, dir, before, "data:file (mix.json)", $"recorded SHA-256 {(string?)recorded["sha256"]} → now ");

        File.WriteAllText(Path.Combine(dir, "mix.json"), original);
        var resumed = CliRunner.Run(dir, null, "train", "--out", "run", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Contains("resuming at step 2", resumed.Output);
        Assert.DoesNotContain("could not be checked", resumed.Error);
        Assert.Equal("completed", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "summary.json")))!["status"]);
    }

    [Fact]
    public void FieldForceReplacesItsOwnOutputOnly()
    {
        var dir = CliRunner.TempDirectory();
        var first = CliRunner.Run(dir, null, "field", "--steps", "20", "--out", "f");
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var field = Path.Combine(dir, "f");
        Assert.Equal(OwnershipMarker.Field, Marker(field).Kind);
        Assert.False(Directory.EnumerateDirectories(dir, ".f.partial-*").Any(), "the staged folder was left behind");

        var again = CliRunner.Run(dir, null, "field", "--steps", "30", "--out", "f", "--force");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Equal(30, (int)JsonNode.Parse(File.ReadAllText(Path.Combine(field, "config.json")))!["config"]!["field"]!["steps"]!);

        File.WriteAllText(Path.Combine(field, "notes.txt"), "mine");
        var before = HostileInput.Snapshot(dir);
        var refused = CliRunner.Run(dir, null, "field", "--steps", "40", "--out", "f", "--force");
        HostileInput.AssertRefused(refused, dir, before, "notes.txt", "did not write");
    }

    [Fact]
    public void ASweepWorkerRestartsOnlyAMarkedMemberFolder()
    {
        var dir = fixture.Copy();
        var sweep = Path.Combine(dir, "s");
        Assert.Equal(OwnershipMarker.Sweep, Marker(sweep).Kind);
        // A member that died before its first checkpoint: marked, config.json and a FAILED record, no checkpoint.
        var member = Path.Combine(sweep, "s0");
        Directory.CreateDirectory(member);
        File.Copy(Path.Combine(dir, "run", ".realganlab"), Path.Combine(member, ".realganlab"));
        File.Copy(Path.Combine(dir, "run", "config.json"), Path.Combine(member, "config.json"));
        File.WriteAllText(Path.Combine(member, "FAILED"), """{"status":"failed","cause":"test"}""");

        var r = CliRunner.Run(dir, null, "sweep-worker", "s", "s0");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        Assert.Contains("member s0: starting", r.Output);
        Assert.True(File.Exists(Path.Combine(member, "DONE")));
        Assert.False(File.Exists(Path.Combine(member, "FAILED")));
        Assert.Equal(OwnershipMarker.Run, Marker(member).Kind);
        // The member's own config, not the copied run's mixture.
        Assert.Equal("ring", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(member, "config.json")))!["config"]!["data"]!["name"]);
    }

    [Fact]
    public void ASlurmScriptIsReplacedOnlyWhenThisToolWroteIt()
    {
        var dir = fixture.Copy();
        var script = Path.Combine(dir, "job.sbatch");
        Assert.True(SweepsSlurmHeader(script));
        var again = CliRunner.Run(dir, null, "sweep", "study.json", "--out", "s", "--slurm", "job.sbatch", "--slurm-time", "01:00:00");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains("#SBATCH --time=01:00:00", File.ReadAllText(script));

        var original = File.ReadAllBytes(Path.Combine(dir, "study.json"));
        var before = HostileInput.Snapshot(dir);
        var over = CliRunner.Run(dir, null, "sweep", "study.json", "--out", "s", "--slurm", "study.json");
        HostileInput.AssertRefused(over, dir, before, "study.json", "is the sweep file");
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(dir, "study.json")));
    }

    static bool SweepsSlurmHeader(string path) => Sweeps.SlurmScript.IsWrittenByThisTool(path);
}
