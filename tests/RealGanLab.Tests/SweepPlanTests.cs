using RealGanLab.Rules;
using RealGanLab.Configuration;
using RealGanLab.Sweeps;

namespace RealGanLab.Tests;

/// <summary>Sweep files: expansion into members, names, groups, precedence, and every kind of bad file rejected before anything runs.</summary>
public class SweepPlanTests
{
    static string Write(string json, string? configJson = null)
    {
        var dir = CliRunner.TempDirectory();
        if (configJson is not null) File.WriteAllText(Path.Combine(dir, "base.json"), configJson);
        var path = Path.Combine(dir, "study.json");
        File.WriteAllText(path, json);
        return path;
    }

    const string Base = """{ "data": { "name": "grid" }, "rule": { "name": "simgd" }, "train": { "steps": 100 } }""";

    [Fact]
    public void CrossProductOfVariantAndKeyAxesInFileOrder()
    {
        var plan = SweepPlan.Load(Write("""
            {
              // comments are allowed
              "base": "base.json",
              "set": { "train:steps": 300 },
              "axes": {
                "stabilizer": { "simgd": {}, "r1": { "regularizers:r1": 1 }, "consensus": { "rule:name": "consensus", "rule:gamma": 0.5 } },
                "rule:estimator": ["batch", "ustat"],
                "seed": [0, 1, 10]
              }
            }
            """, Base));
        Assert.Equal("study", plan.Name);
        Assert.Equal(3 * 2 * 3, plan.Members.Count);
        Assert.Equal(["simgd_batch_s00", "simgd_batch_s01", "simgd_batch_s10", "simgd_ustat_s00"], plan.Members.Take(4).Select(m => m.Name));
        var m = plan.Members.Single(x => x.Name == "consensus_ustat_s10");
        Assert.Equal("consensus", m.Config.Rule.Name);
        Assert.Equal(0.5, m.Config.Rule.Options<ConsensusOptions>().Gamma);
        Assert.Equal("ustat", m.Config.Rule.Options<ConsensusOptions>().Estimator);
        Assert.Equal(10, m.Config.Seed);
        Assert.Equal("grid", m.Config.Data.Name);                  // from base
        Assert.Equal(300, m.Config.Train.Steps);                   // set overrides base
        Assert.Equal(2000, m.Config.Train.KeepEvery);              // train's built-in defaults under everything
        Assert.Equal("stabilizer=consensus, rule:estimator=ustat", m.Group);
        Assert.Equal(new Dictionary<string, string> { ["stabilizer"] = "consensus", ["rule:estimator"] = "ustat", ["seed"] = "10" }, m.Settings);
        Assert.Equal(1.0, plan.Members.Single(x => x.Name == "r1_batch_s00").Config.Regularizers["r1"]);
        Assert.Equal(6, plan.Members.Select(x => x.Group).Distinct().Count());
    }

    [Fact]
    public void NumbersAreNamedAfterTheirKeyAndPaddedToSort()
    {
        var plan = SweepPlan.Load(Write("""{ "base": "base.json", "axes": { "rule:gamma": [0.01, 0.1, 1], "train:steps": [5, 50, 500] } }""", Base));
        Assert.Equal("gamma0.01_steps005", plan.Members[0].Name);
        Assert.Equal("gamma1_steps500", plan.Members[^1].Name);
        var sorted = plan.Members.Select(m => m.Name).Where(n => n.StartsWith("gamma1_")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["gamma1_steps005", "gamma1_steps050", "gamma1_steps500"], sorted);
        Assert.All(plan.Members, m => Assert.Equal(m.Config.Train.Steps, int.Parse(m.Settings["train:steps"])));
    }

    [Fact]
    public void ExplicitMembersUseAxisVariantsAndKeysAndMayBeNamed()
    {
        var plan = SweepPlan.Load(Write("""
            {
              "base": "base.json",
              "axes": { "stabilizer": { "simgd": {}, "r1": { "regularizers:r1": 1 } }, "seed": [0] },
              "members": [
                { "stabilizer": "r1", "regularizers:r1": 10, "seed": 3 },
                { "name": "adam-fast", "optimizer:lr": 0.01 }
              ]
            }
            """, Base));
        Assert.Equal(["simgd_s0", "r1_s0", "r1_r1-10_s3", "adam-fast"], plan.Members.Select(m => m.Name));
        var extra = plan.Members[2];
        Assert.Equal(10.0, extra.Config.Regularizers["r1"]);         // the member's own key beats its variant
        Assert.Equal(3, extra.Config.Seed);
        Assert.Equal(0.01, plan.Members[3].Config.Optimizer.Lr);
        Assert.Equal("base", SweepPlan.Load(Write("""{ "base": "base.json", "members": [ { "seed": 4 } ] }""", Base)).Members[0].Group);
    }

    [Fact]
    public void CommandLineOverridesSitBetweenSetAndAxes()
    {
        var file = Write("""{ "base": "base.json", "set": { "train:steps": 300, "optimizer:lr": 0.002 }, "axes": { "seed": [0, 1] } }""", Base);
        var plan = SweepPlan.Load(file, new Dictionary<string, string> { ["train:steps"] = "40" });
        Assert.All(plan.Members, m => Assert.Equal(40, m.Config.Train.Steps));
        Assert.All(plan.Members, m => Assert.Equal(0.002, m.Config.Optimizer.Lr));
        var e = Assert.Throws<BadInputException>(() => SweepPlan.Load(file, new Dictionary<string, string> { ["seed"] = "3" }));
        Assert.Contains("is an axis of this sweep", e.Message);
    }

    [Fact]
    public void ManifestRoundTripsMembersAndResolvedConfigs()
    {
        var plan = SweepPlan.Load(Write("""{ "base": "base.json", "axes": { "rule:gamma": [0.5], "seed": [0, 1] } }""", Base));
        var dir = CliRunner.TempDirectory();
        plan.ToManifest().Write(dir);
        var back = SweepManifest.Read(dir);
        Assert.Equal(plan.Members.Select(m => m.Name), back.Members.Select(m => m.Name));
        Assert.Equal(1, back.Members[1].Seed);
        Assert.Equal(0.5, (double)back.Members[0].Config["rule"]!["gamma"]!);
        Assert.Equal(["rule:gamma", "seed"], back.Axes.Select(a => a.Name));
        Assert.Equal("rule:gamma=0.5", back.Members[0].Group);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { """{ "base": "base.json", "axes": { "rule:gama": [1, 2] } }""", "axes:rule:gama", "Did you mean 'rule:gamma'" },
        { """{ "base": "base.json", "axes": { "seed": [] } }""", "axes:seed", "is empty" },
        { """{ "base": "base.json", "axes": { "stabilizer": {} } }""", "axes:stabilizer", "has no variants" },
        { """{ "base": "base.json", "axes": { "seed": 3 } }""", "axes:seed", "must be a list of values" },
        { """{ "base": "base.json", "axes": { "seed": [0, [1]] } }""", "axes:seed[1]", "must be a string, number or boolean, not a list" },
        { """{ "base": "base.json", "axes": { "rule:gamma": ["lots"] } }""", "rule:gamma", "or on the command line) (member lots)" },
        { """{ "base": "base.json", "axes": { "optimizer:lr": [-1] } }""", "optimizer:lr", "out of range" },
        { """{ "base": "base.json", "axes": { "seed": [1, 1] } }""", "axes:seed", "lists 1 2 times" },
        { """{ "base": "base.json", "axes": { "seed": [0] }, "members": [ { "seed": 0 } ] }""", "members", "2 members are named 's0'" },
        { """{ "base": "base.json", "axes": { "v": { "a": { "seed": 1 } } }, "members": [ { "name": "a", "seed": 5 } ] }""", "members", "named 'a'" },
        { """{ "base": "base.json", "axis": { "seed": [0] } }""", "axis", "Did you mean 'axes'" },
        { """{ "base": "missing.json", "axes": { "seed": [0] } }""", "base", "does not exist" },
        { """{ "base": "base.json" }""", "axes", "needs \"axes\"" },
        { """{ "base": "base.json", "axes": { "train": [1] } }""", "axes:train", "is a section" },
        { """{ "base": "base.json", "axes": { "seed": [0] }, "members": [ { "stabilizer": "r1" } ] }""", "members:0:stabilizer", "not a config key" },
        { """{ "base": "base.json", "axes": { "game:name": ["dirac"] } }""", "game:name", "analytic game" },
        { """{ "name": "../escape", "base": "base.json", "axes": { "seed": [0] } }""", "name", "letters, digits" },
        { """{ "base": "base.json", "members": [ { "name": "logs", "seed": 1 } ] }""", "members:0:name", "must be a string" },
        { """{ "base": "base.json", "axes": { "data:name": ["report"] } }""", "axes", "cannot be a directory of the sweep" },
        { """[1, 2]""", "FILE", "holds a list at the top level" },
        { """{ "axes": { "seed": [0, }""", "FILE", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadSweepFilesAreRejectedNamingTheProblem(string json, string key, string message)
    {
        var e = Assert.Throws<BadInputException>(() => SweepPlan.Load(Write(json, Base)));
        Assert.Contains(e.Issues, i => i.Key == key && i.Message.Contains(message));
    }

    [Fact]
    public void ShardsPartitionTheMembers()
    {
        for (int n = 1; n <= 5; n++)
        {
            var shards = Enumerable.Range(0, n).Select(i => new ShardSpec(i, n)).ToList();
            for (int member = 0; member < 23; member++)
                Assert.Equal(1, shards.Count(s => s.Contains(member)));
            Assert.InRange(Enumerable.Range(0, 23).Count(shards[0].Contains), 23 / n, 23 / n + 1);
        }
        Assert.Equal(new ShardSpec(2, 3), ShardSpec.Parse("2/3"));
        foreach (var bad in new[] { "3/3", "1", "-1/2", "a/b", "0/0" })
            Assert.Equal("--shard", Assert.Throws<BadInputException>(() => ShardSpec.Parse(bad)).Issues[0].Key);
    }

    [Fact]
    public void ShippedSweepsExpandAndValidate()
    {
        var files = Directory.GetFiles(Path.Combine(CliRunner.RepositoryRoot(), "configs", "sweeps"), "*.json");
        Assert.Contains(files, f => Path.GetFileName(f) == "smoke.json");
        foreach (var file in files)
        {
            var plan = SweepPlan.Load(file);
            Assert.True(plan.Members.Count >= 2, file);
            Assert.All(plan.Members, m => Assert.True(MemberNames.IsSafe(m.Name), m.Name));
        }
    }

    [Fact]
    public void WorkersGetTheVisibleGpusFromCudaVisibleDevices()
    {
        Assert.Equal(["0", "2", "3"], GpuInventory.Visible(new Dictionary<string, string?> { ["CUDA_VISIBLE_DEVICES"] = "0, 2,3" }));
        Assert.Empty(GpuInventory.Visible(new Dictionary<string, string?> { ["CUDA_VISIBLE_DEVICES"] = "" }));
        Assert.Empty(GpuInventory.Visible(new Dictionary<string, string?> { ["CUDA_VISIBLE_DEVICES"] = "-1" }));
        Assert.Empty(GpuInventory.Visible(new Dictionary<string, string?>()));
    }

    [Fact]
    public void SlurmScriptQuotesPathsAndRequestsWhatItIsTold()
    {
        var script = SlurmScript.Render("my sweep", ["/opt/dotnet/dotnet", "/opt/rgl/realganlab.dll"], ["/data/it's here.json", "--out", "/runs/x"],
            "/work dir", "/runs/x/logs", new SlurmOptions { Shards = 4, GpusPerTask = 0, CpusPerTask = 3, Memory = "16G", Partition = "gpu" });
        Assert.Contains("#SBATCH --job-name=rgl-my-sweep", script);
        Assert.Contains("#SBATCH --array=0-3", script);
        Assert.Contains("#SBATCH --cpus-per-task=3", script);
        Assert.Contains("#SBATCH --mem=16G", script);
        Assert.Contains("#SBATCH --partition=gpu", script);
        Assert.DoesNotContain("--gres", script);
        Assert.Contains("cd '/work dir'", script);
        Assert.Contains("'/data/it'\\''s here.json'", script);
        Assert.Contains("/opt/dotnet/dotnet /opt/rgl/realganlab.dll sweep", script);
    }
}
