using System.Text.Json.Nodes;

namespace RealGanLab.Tests;

/// <summary>
/// Hostile output paths and run directories, one row each: --out paths that are files, lie under files, are empty or
/// cannot be written; --force on folders the tool did not make, or made but holding a user's files; hand-edited member
/// names in sweep.json; a damaged run config.json read by --resume and probe; data changed under a resumed run;
/// --slurm targets that are inputs or foreign files; report --out over a user's folder. Every row must be refused
/// with exit 2, name its cause, print no stack trace and leave the folder exactly as it was.
/// </summary>
[Trait(TestTier.Category, TestTier.Slow)]
public class HostileRunDirectoryTests(TinyRunFixture fixture) : IClassFixture<TinyRunFixture>
{
    /// <param name="Setup">Changes the copied folder before the command runs.</param>
    /// <param name="Args">The command line, given the folder (for absolute paths).</param>
    /// <param name="Causes">What the refusal must name.</param>
    public sealed record Row(Action<string> Setup, Func<string, string[]> Args, params string[] Causes);

    static readonly string[] Tiny = TinyRunFixture.Tiny;

    static void Write(string folder, string relative, string text)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    static void Nothing(string folder) { }

    /// <summary>The folder: a user's notes, sources and a config.json of their own.</summary>
    static void UsersProject(string folder, string relative)
    {
        Write(folder, Path.Combine(relative, "notes.txt"), "x\n");
        Write(folder, Path.Combine(relative, "src", "main.c"), "int main(void) { return 0; }\n");
        Write(folder, Path.Combine(relative, "config.json"), """{"name":"app"}""");
    }

    /// <summary>Renames member <paramref name="index"/> of s/sweep.json.</summary>
    static void RenameMember(string folder, int index, string name)
    {
        var path = Path.Combine(folder, "s", "sweep.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        manifest["members"]![index]!["name"] = name;
        File.WriteAllText(path, manifest.ToJsonString());
    }

    /// <summary>A folder outside the sweep that a hostile member name points at: it must survive.</summary>
    static string Victim(string folder)
    {
        Write(folder, Path.Combine("victim", "thesis.tex"), "\\documentclass{article}\n");
        return Path.Combine(folder, "victim");
    }

    static void EditConfig(string folder, string text) => File.WriteAllText(Path.Combine(folder, "run", "config.json"), text);

    static string[] Resume => ["train", "--out", "run", "--resume"];

    static readonly Dictionary<string, Row> Rows = new()
    {
        // --out paths
        ["train --out naming an existing file is refused: it is a file"] =
            new(f => Write(f, "notes.txt", "mine"), _ => ["train", .. Tiny, "--out", "notes.txt"], "notes.txt", "is a file"),
        ["train --out under a file is refused: it lies under a file"] =
            new(f => Write(f, "notes.txt", "mine"), _ => ["train", .. Tiny, "--out", "notes.txt/run"], "notes.txt", "lies under"),
        ["train --out \"\" is refused: it is empty"] =
            new(Nothing, _ => ["train", .. Tiny, "--out", ""], "--out", "is empty"),
        ["train --out in a folder this user cannot write (/proc/self) is refused: not writable"] =
            new(Nothing, _ => ["train", .. Tiny, "--out", "/proc/self/realganlab-run"], "/proc/self", "not writable"),
        ["train --out in a folder the kernel refuses to create (/sys) is refused: cannot be created"] =
            new(Nothing, _ => ["train", .. Tiny, "--out", "/sys/realganlab-run"], "/sys/realganlab-run", "cannot be created"),
        ["field --out naming the mixture file (an input) is refused: it is a file"] =
            new(Nothing, _ => ["field", "--steps", "10", "--out", "mix.json"], "mix.json", "is a file"),
        ["field --out under a file is refused: it lies under a file"] =
            new(Nothing, _ => ["field", "--steps", "10", "--out", "mix.json/field"], "mix.json", "lies under"),
        ["field --out \"\" is refused: it is empty"] =
            new(Nothing, _ => ["field", "--steps", "10", "--out", ""], "--out", "is empty"),
        ["sweep --out naming the sweep file itself is refused: it is a file"] =
            new(Nothing, _ => ["sweep", "study.json", "--out", "study.json"], "study.json", "is a file"),
        ["sweep --out under a file is refused: it lies under a file"] =
            new(Nothing, _ => ["sweep", "study.json", "--out", "base.json/s"], "base.json", "lies under"),

        // --force targets
        ["train --force on a user's project (notes, src/, a config.json of their own) is refused and lists what would be lost"] =
            new(f => UsersProject(f, "p"), _ => ["train", .. Tiny, "--out", "p", "--force"], "not made by realganlab", "notes.txt", "src/", "config.json", "Nothing was deleted"),
        ["train --out . --force in a user's folder is refused: not made by realganlab"] =
            new(f => UsersProject(f, "."), _ => ["train", .. Tiny, "--out", ".", "--force"], "not made by realganlab", "Nothing was deleted"),
        ["train --force on a run holding a user's file is refused and names the file"] =
            new(f => Write(f, "run/notes.txt", "mine"), _ => ["train", .. Tiny, "--out", "run", "--force"], "did not write", "notes.txt"),
        ["train --force on a run with a user's file inside samples/ is refused and names samples/"] =
            new(f => Write(f, "run/samples/keep.txt", "mine"), _ => ["train", .. Tiny, "--out", "run", "--force"], "did not write", "samples/"),
        ["train --force on a run whose samples/ is a link to a user's folder is refused"] =
            new(f =>
            {
                Write(f, "photos/cat.png", "not really a png");
                Directory.Delete(Path.Combine(f, "run", "samples"), recursive: true);
                Directory.CreateSymbolicLink(Path.Combine(f, "run", "samples"), Path.Combine(f, "photos"));
            }, _ => ["train", .. Tiny, "--out", "run", "--force"], "did not write", "samples/"),
        ["train --force on a run made before runs were marked is refused with how to proceed"] =
            new(f => File.Delete(Path.Combine(f, "run", ".realganlab")), _ => ["train", .. Tiny, "--out", "run", "--force"], "not made by realganlab", "delete it by hand", "--resume"),
        ["train --force on a run whose marker is not realganlab's is refused"] =
            new(f => File.WriteAllText(Path.Combine(f, "run", ".realganlab"), """{"tool":"someone else","kind":"run","id":"1"}"""),
                _ => ["train", .. Tiny, "--out", "run", "--force"], "not made by realganlab"),
        ["train --force on a sweep directory is refused: it is a sweep directory, not a run"] =
            new(Nothing, _ => ["train", .. Tiny, "--out", "s", "--force"], "sweep directory, not a run directory"),
        ["field --force on a user's folder is refused: not made by realganlab"] =
            new(f => UsersProject(f, "p"), _ => ["field", "--steps", "10", "--out", "p", "--force"], "not made by realganlab", "notes.txt"),
        ["field --force on a training run is refused: it is a run directory, not a field output"] =
            new(Nothing, _ => ["field", "--steps", "10", "--out", "run", "--force"], "run directory, not a field directory"),

        // member names in sweep.json
        ["sweep-worker with an absolute path as the member name is refused: not a member name"] =
            new(f => Victim(f), f => ["sweep-worker", "s", Path.Combine(f, "victim")], "not a member name"),
        ["sweep-worker over a sweep.json whose member name is an absolute path is refused, the folder it names untouched"] =
            new(f => RenameMember(f, 0, Victim(f)), _ => ["sweep-worker", "s", "s1"], "sweep.json", "names a member", "victim"),
        ["sweep-worker over a sweep.json whose member name is '..' is refused"] =
            new(f => RenameMember(f, 0, ".."), _ => ["sweep-worker", "s", "s1"], "sweep.json", "'..'"),
        ["sweep over a sweep.json whose member name climbs out (a/../../victim) is refused"] =
            new(f => { Victim(f); RenameMember(f, 0, "a/../../victim"); }, _ => ["sweep", "study.json", "--out", "s"], "sweep.json", "a/../../victim"),
        ["sweep-worker over a sweep.json whose member takes the reserved name 'logs' is refused"] =
            new(f => RenameMember(f, 1, "logs"), _ => ["sweep-worker", "s", "s0"], "sweep.json", "'logs'"),
        ["sweep-worker over a sweep.json naming one member twice is refused"] =
            new(f => RenameMember(f, 1, "s0"), _ => ["sweep-worker", "s", "s0"], "sweep.json", "twice"),
        ["sweep-worker restarting a member whose folder holds a user's file is refused and names the file"] =
            new(f =>
            {
                Directory.CreateDirectory(Path.Combine(f, "s", "s0"));
                File.Copy(Path.Combine(f, "run", ".realganlab"), Path.Combine(f, "s", "s0", ".realganlab"));
                Write(f, "s/s0/notes.txt", "mine");
            }, _ => ["sweep-worker", "s", "s0"], "did not write", "notes.txt"),
        ["sweep-worker restarting a member folder realganlab did not make is refused"] =
            new(f => UsersProject(f, "s/s0"), _ => ["sweep-worker", "s", "s0"], "not made by realganlab", "notes.txt"),

        // the run's config.json, read by --resume and probe
        ["train --resume with an empty config.json is refused: config.json is empty"] =
            new(f => EditConfig(f, ""), _ => Resume, "config.json", "is empty"),
        ["train --resume with a config.json that is not JSON is refused: not valid JSON"] =
            new(f => EditConfig(f, "{ this is not json"), _ => Resume, "config.json", "not valid JSON"),
        ["train --resume with a config.json holding an array is refused: not a JSON object"] =
            new(f => EditConfig(f, "[1, 2, 3]"), _ => Resume, "config.json", "does not hold a JSON object"),
        ["train --resume with a config.json without a \"config\" object is refused"] =
            new(f => EditConfig(f, """{"name": "app"}"""), _ => Resume, "config.json", "no \"config\" object"),
        ["train --resume with a config.json whose config does not validate is refused"] =
            new(f => EditConfig(f, """{"config": {"rule": {"name": "no-such-rule"}}}"""), _ => Resume, "config.json", "does not validate", "no-such-rule"),
        ["train --resume with a config.json with a duplicate key is refused: not valid JSON"] =
            new(f => EditConfig(f, """{"config": {}, "config": {}}"""), _ => Resume, "config.json", "not valid JSON"),
        ["probe on a run whose config.json is not JSON is refused: not valid JSON"] =
            new(f => EditConfig(f, "\u0000\u0001binary"), _ => ["probe", "run"], "config.json", "not valid JSON"),
        ["probe on a run whose \"config\" is a string is refused: no \"config\" object"] =
            new(f => EditConfig(f, """{"config": "ring"}"""), _ => ["probe", "run"], "config.json", "no \"config\" object"),
        ["probe with an empty RUN_DIR is refused: it is empty"] =
            new(Nothing, _ => ["probe", ""], "RUN_DIR", "is empty"),

        // data changed under a resumed run
        ["train --resume after the mixture file changed is refused and lists the change"] =
            new(f => File.WriteAllText(Path.Combine(f, "mix.json"), """[{"mean": [0, 2], "std": 0.05}, {"mean": [1, 0], "std": 0.05}]"""),
                _ => Resume, "data:file", "mix.json", "recorded SHA-256", "→ now"),
        ["train --resume after the mixture file was deleted is refused: now missing"] =
            new(f => File.Delete(Path.Combine(f, "mix.json")), _ => Resume, "mix.json", "missing"),
        ["train --resume of a run whose recorded data hash was altered is refused"] =
            new(f =>
            {
                var path = Path.Combine(f, "run", "config.json");
                var node = JsonNode.Parse(File.ReadAllText(path))!;
                node["provenance"]!["data"]![0]!["sha256"] = new string('0', 64);
                File.WriteAllText(path, node.ToJsonString());
            }, _ => Resume, "data:file", new string('0', 64)),

        // --slurm targets
        ["sweep --slurm naming the sweep file is refused: it is the sweep file"] =
            new(Nothing, _ => ["sweep", "study.json", "--out", "s", "--slurm", "study.json"], "is the sweep file"),
        ["sweep --slurm naming the sweep's base config is refused"] =
            new(Nothing, _ => ["sweep", "study.json", "--out", "s", "--slurm", "base.json"], "base config"),
        ["sweep --slurm naming a link to the sweep file is refused: it is the sweep file"] =
            new(f => File.CreateSymbolicLink(Path.Combine(f, "job.sh"), Path.Combine(f, "study.json")),
                _ => ["sweep", "study.json", "--out", "s", "--slurm", "job.sh"], "is the sweep file"),
        ["sweep --slurm naming the sweep's manifest is refused"] =
            new(Nothing, _ => ["sweep", "study.json", "--out", "s", "--slurm", "s/sweep.json"], "manifest"),
        ["sweep --slurm naming a user's own script is refused: not written by realganlab"] =
            new(f => Write(f, "submit.sh", "#!/bin/bash\nsbatch my-own-job\n"), _ => ["sweep", "study.json", "--out", "s", "--slurm", "submit.sh"],
                "submit.sh", "not a Slurm script written by realganlab"),
        ["sweep --slurm naming a folder is refused: it is a folder"] =
            new(Nothing, _ => ["sweep", "study.json", "--out", "s", "--slurm", "run"], "is a folder"),

        // report outputs
        ["report --out a user's non-empty folder is refused: not a report folder"] =
            new(f => UsersProject(f, "p"), _ => ["report", "s", "--out", "p"], "not a report folder"),
        ["report --out naming a file is refused: it is a file"] =
            new(Nothing, _ => ["report", "s", "--out", "mix.json"], "mix.json", "is a file"),
    };

    public static TheoryData<string> Cases => new(Rows.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedWithItsCauseAndTouchesNothing(string name)
    {
        var row = Rows[name];
        var folder = fixture.Copy();
        row.Setup(folder);
        var before = HostileInput.Snapshot(folder);
        var result = CliRunner.Run(folder, null, row.Args(folder));
        HostileInput.AssertRefused(result, folder, before, row.Causes);
    }

    [Fact]
    public void TheCorpusHasAtLeastTwentyRows() => Assert.InRange(Rows.Count, 20, 1000);
}
