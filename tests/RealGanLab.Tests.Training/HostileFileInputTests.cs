namespace RealGanLab.Tests;

/// <summary>
/// The files and settings the tool reads, made hostile one at a time — configs, environment variables, command-line
/// overrides, mixture files, sweep files, sweep manifests and sizes that cannot fit — each run through the real
/// command: every one must exit 2, name its cause, print no stack trace and leave the folder exactly as it was.
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class HostileFileInputTests(InterruptedRunFixture tiny) : IClassFixture<InterruptedRunFixture>
{
    /// <summary>
    /// One hostile input: the files written into an empty folder first, the environment, the command, and the words
    /// the refusal must contain. <see cref="Run"/>: a copy of a real, resumable tiny run is put there as "run".
    /// </summary>
    public sealed record Case(string[] Args, string[] Causes, Dictionary<string, string>? Files = null, Dictionary<string, string>? Environment = null, bool Run = false);

    const string ValidMixture = """[{"mean": [0, 1], "std": 0.05}, {"mean": [1, 0], "std": 0.05}]""";
    const string Manifest = "sweep/sweep.json";

    static Case Config(string json, params string[] causes) => new(["train", "--config", "cfg.json", "--out", "out"], ["cfg.json", .. causes], new() { ["cfg.json"] = json });

    static Case Mixture(string json, params string[] causes) =>
        new(["train", "--data", "file", "--data:file=mix.json", "--out", "out"], ["mix.json", "data:file", .. causes], new() { ["mix.json"] = json });

    static Case SweepFile(string json, params string[] causes) => new(["sweep", "sweep-file.json", "--out", "s"], ["sweep-file.json", .. causes], new() { ["sweep-file.json"] = json });

    static Case ManifestFor(string command, string json, params string[] causes) =>
        new(command == "sweep-worker" ? ["sweep-worker", "sweep", "a"] : [command, "sweep"], ["sweep.json", .. causes], new() { [Manifest] = json });

    /// <summary>The corpus: a name that reads as "X is refused", and the case.</summary>
    static readonly Dictionary<string, Case> All = new()
    {
        // Configs: the top level must be an object of sections.
        ["a config file whose top level is a list"] = Config("""[{"game": {"name": "mlp"}}]""", "holds a list at the top level"),
        ["a config file whose top level is a string"] = Config("\"mlp\"", "holds a string at the top level"),
        ["a config file whose top level is a number"] = Config("42", "holds a number at the top level"),
        ["a config file whose top level is null"] = Config("null", "holds null at the top level"),
        ["an empty config file"] = Config("", "not valid JSON"),
        // Duplicate keys: JSON allows them, the configuration reader would keep the last one without a word.
        ["a config file that gives a top-level key twice"] = Config("""{"seed": 1, "seed": 2}""", "'seed' twice", "line 1"),
        ["a config file that gives a nested key twice"] = Config("{\n  \"game\": {\n    \"batchSize\": 64,\n    \"batchSize\": 128\n  }\n}", "'game:batchSize' twice", "line 4"),
        ["a config file that gives a section twice in different case"] = Config("""{"rule": {"name": "simgd"}, "Rule": {"name": "altgd"}}""", "'Rule' twice"),
        // Sections given as plain values: masked by the built-in defaults in the merged view, so each layer is checked alone.
        ["a config file that gives sections as values (train)"] = Config("""{"game": "mlp", "rule": "simgd"}""", "game", "rule", "is a section"),
        ["a config file that gives sections as values (config)"] = new(["config", "--config", "cfg.json"], ["cfg.json", "game", "is a section"], new() { ["cfg.json"] = """{"game": "mlp"}""" }),
        ["a config file that gives sections as values (field)"] = new(["field", "--config", "cfg.json", "--out", "out"], ["cfg.json", "rule", "is a section"], new() { ["cfg.json"] = """{"rule": "simgd"}""" }),
        ["a config file that gives a list a single value"] = new(["field", "--config", "cfg.json", "--out", "out"], ["cfg.json", "game:start", "expects a list"], new() { ["cfg.json"] = """{"game": {"start": 5}}""" }),
        ["a config file that gives a single value a section"] = Config("""{"seed": {"value": 1}}""", "seed", "expects a single integer"),
        ["a config file with a wrong-typed value"] = Config("""{"train": {"steps": "many"}}""", "train:steps", "'many' is not an integer"),
        // The environment: REALGANLAB_section__key; a section given a value is refused for every command.
        ["the environment variable REALGANLAB_train=5 (train)"] = new(["train", "--out", "out"], ["REALGANLAB_train", "is a section"], Environment: new() { ["REALGANLAB_train"] = "5" }),
        ["the environment variable REALGANLAB_train=5 (config)"] = new(["config"], ["REALGANLAB_train", "is a section"], Environment: new() { ["REALGANLAB_train"] = "5" }),
        ["the environment variable REALGANLAB_game=dirac (field)"] = new(["field", "--out", "out"], ["REALGANLAB_game", "is a section"], Environment: new() { ["REALGANLAB_game"] = "dirac" }),
        ["the environment variable REALGANLAB_train=5 on resume"] = new(["train", "--out", "run", "--resume"], ["REALGANLAB_train", "is a section"], Environment: new() { ["REALGANLAB_train"] = "5" }, Run: true),
        ["an environment variable with a wrong-typed value"] = new(["train", "--out", "out"], ["train:steps", "'abc' is not an integer"], Environment: new() { ["REALGANLAB_train__steps"] = "abc" }),
        ["an override that gives a single value a section"] = new(["train", "--train:steps:max=5", "--out", "out"], ["train:steps", "expects a single integer"]),
        ["a config file whose top level is a list, on resume"] = new(["train", "--out", "run", "--resume", "--config", "cfg.json"], ["cfg.json", "holds a list"], new() { ["cfg.json"] = "[]" }, Run: true),
        // Mixture files (data:name=file): a non-empty list of 2-D modes with a positive std each, checked before any network is built.
        ["a mixture file with a null entry"] = Mixture("""[{"mean": [0, 1], "std": 0.05}, null]""", "entry 1", "is null"),
        ["a mixture file with a 1-D mean"] = Mixture("""[{"mean": [0.5], "std": 0.05}]""", "entry 0", "1 coordinate", "[x, y]"),
        ["a mixture file with a 3-D mean"] = Mixture("""[{"mean": [0, 1], "std": 0.1}, {"mean": [0, 1, 2], "std": 0.05}]""", "entry 1", "3 coordinates"),
        ["a mixture file with a non-numeric coordinate"] = Mixture("""[{"mean": [0, "one"], "std": 0.05}]""", "entry 0", "two finite numbers"),
        ["a mixture file with a NaN std"] = Mixture("""[{"mean": [0, 1], "std": "NaN"}]""", "entry 0", "\"std\" is a string", "> 0"),
        ["a mixture file with a negative std"] = Mixture("""[{"mean": [0, 1], "std": -0.05}]""", "entry 0", "\"std\" is -0.05"),
        ["a mixture file with a zero std"] = Mixture("""[{"mean": [0, 1], "std": 0}]""", "entry 0", "\"std\" is 0"),
        ["a mixture file with an entry without std"] = Mixture("""[{"mean": [0, 1]}]""", "entry 0", "has no \"std\""),
        ["a mixture file with a weight (modes are equally weighted)"] = Mixture("""[{"mean": [0, 1], "std": 0.05, "weight": -1}]""", "entry 0", "'weight'"),
        ["a mixture file with no modes"] = Mixture("[]", "lists no modes"),
        ["a mixture file whose top level is an object"] = Mixture("""{"mean": [0, 1], "std": 0.05}""", "holds an object at the top level"),
        ["a mixture file that gives a key twice"] = Mixture("""[{"mean": [0, 1], "std": 0.05, "std": 0.1}]""", "'0:std' twice"),
        // Sweep files.
        ["a sweep file that gives \"axes\" twice"] = SweepFile("""{"axes": {"seed": [0, 1]}, "axes": {"seed": [2]}}""", "'axes' twice"),
        ["a sweep file whose top level is a list"] = SweepFile("""[{"axes": {"seed": [0]}}]""", "holds a list at the top level"),
        ["a sweep file whose \"set\" is null"] = SweepFile("""{"set": null, "axes": {"seed": [0]}}""", "set", "is null"),
        ["a sweep file that sets a section as a value"] = SweepFile("""{"set": {"train": 5}, "axes": {"seed": [0]}}""", "set:train", "is a section"),
        ["a sweep file with a null axis value"] = SweepFile("""{"axes": {"seed": [0, null]}}""", "axes:seed", "not null"),
        ["a sweep file with a wrong-typed setting"] = SweepFile("""{"set": {"train:steps": "many"}, "axes": {"seed": [0]}}""", "train:steps", "'many' is not an integer"),
        ["a sweep file that repeats a key inside a variant"] = SweepFile("""{"axes": {"rule": {"a": {"rule:name": "simgd", "rule:name": "altgd"}}}}""", "'axes:rule:a:rule:name' twice"),
        // Sweep manifests (sweep.json), for each command that reads one.
        ["a sweep.json whose top level is a list (runs)"] = ManifestFor("runs", "[]", "holds a list at the top level"),
        ["a damaged sweep.json (report)"] = ManifestFor("report", """{"name": "x", "axes": [""", "not valid JSON"),
        ["a sweep.json with a null member (sweep-worker)"] = ManifestFor("sweep-worker", """{"name": "x", "axes": [], "members": [null]}""", "members[0]"),
        ["a sweep.json with a wrong-typed seed (report)"] = ManifestFor("report", """{"name": "x", "axes": [], "members": [{"name": "a", "settings": {}, "group": "g", "seed": "zero"}]}""", "wrong type", "seed"),
        ["a sweep.json that gives a key twice (runs)"] = ManifestFor("runs", """{"name": "x", "name": "y", "axes": [], "members": []}""", "'name' twice"),
        ["a sweep.json without members (sweep-worker)"] = ManifestFor("sweep-worker", """{"name": "x", "axes": [], "members": null}""", "\"members\" is missing or null"),
        // Sizes inside the schema's limits that no machine here can hold: refused before anything is allocated.
        ["a batch of 10^7 samples"] = new(["train", "--game:batchSize=10000000", "--out", "out"], ["game:batchSize", "GiB", "available"]),
        ["generator layers 10^5 wide"] = new(["train", "--generator:width=100000", "--out", "out"], ["generator:width", "GiB", "available"]),
        ["discriminator layers 10^5 wide, no probe"] = new(["train", "--discriminator:width=100000", "--train:probeEvery=0", "--out", "out"], ["discriminator:width", "GiB"]),
        ["a probe basis of 10^5 vectors"] = new(["train", "--generator:width=2000", "--probe:subspace=100000", "--out", "out"], ["probe:subspace", "Arnoldi"]),
        ["a linear game of size 10^5 (field)"] = new(["field", "--game:name=linear", "--game:size=100000", "--out", "out"], ["game:size", "GiB"]),
        ["a batch of 10^7 samples when probing a run"] = new(["probe", "run", "--probe:batchSize=10000000"], ["probe:batchSize", "GiB"], Run: true),
    };

    public static IEnumerable<object[]> Cases => All.Keys.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedNamingTheCauseWithNothingWritten(string name)
    {
        var c = All[name];
        var dir = c.Run ? tiny.Copy() : CliRunner.TempDirectory();
        foreach (var (path, text) in c.Files ?? [])
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        var before = HostileInput.Snapshot(dir);
        var result = CliRunner.Run(dir, c.Environment, c.Args);
        HostileInput.AssertRefused(result, dir, before, c.Causes);
    }
}
