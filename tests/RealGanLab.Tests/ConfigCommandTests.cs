using System.Text.Json.Nodes;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Training;

namespace RealGanLab.Tests;

/// <summary>
/// 'realganlab config' prints exactly the configuration 'train' (or 'field') runs with: the same defaults under the
/// file, the same overrides on top — for every shipped config, and as a real run records it in its config.json.
/// </summary>
[NoGarbageCollection]
public class ConfigCommandTests
{
    static readonly Dictionary<string, string> None = new();

    public static TheoryData<string> ShippedConfigs()
    {
        var root = Path.Combine(CliRunner.RepositoryRoot(), "configs");
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}sweeps{Path.DirectorySeparatorChar}")).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(root, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedConfigs))]
    public void Every_shipped_config_resolves_with_the_defaults_of_the_command_that_runs_it(string name)
    {
        var file = Path.Combine(CliRunner.RepositoryRoot(), "configs", name);
        var purpose = CommandConfig.PurposeOf(file, None, useEnvironment: false);
        var resolved = CommandConfig.Resolve(purpose, file, None, useEnvironment: false);
        // What each command layered before the shared resolver existed: train its built-in run under the file, field nothing.
        var expected = purpose == ConfigPurpose.Train
            ? ConfigLoader.Load(file, None, useEnvironment: false, baseJson: [TrainDefaults.Json])
            : ConfigLoader.Load(file, None, useEnvironment: false);
        Assert.Equal(ConfigJson.Serialize(expected), ConfigJson.Serialize(resolved));
        // Neural games are trained, analytic ones run by 'field'; every file is one or the other, and its folder says
        // which: the analytic games' configs live under configs/field/, so 'train' never meets one.
        Assert.Equal(GameFactory.IsNeural(resolved.Game.Name), purpose == ConfigPurpose.Train);
        Assert.Equal(purpose == ConfigPurpose.Field, name.StartsWith("field" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    [Fact]
    public void Config_of_the_ring_consensus_file_prints_trains_probe_and_batch_settings()
    {
        var root = CliRunner.RepositoryRoot();
        var r = CliRunner.Run(root, null, "config", "--config", "configs/ring-consensus.json");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var printed = JsonNode.Parse(r.Output)!;
        // The values train runs with (train-defaults.json under the file), not the records' bare defaults (k 10, tol 1e-10, batch 4096).
        Assert.Equal(6, (int)printed["probe"]!["k"]!);
        Assert.Equal(1e-3, (double)printed["probe"]!["tol"]!, 12);
        Assert.Equal(256, (int)printed["probe"]!["batchSize"]!);
        Assert.Equal(256, (int)printed["game"]!["batchSize"]!);
        var resolved = CommandConfig.Resolve(ConfigPurpose.Train, Path.Combine(root, "configs", "ring-consensus.json"), None, useEnvironment: false);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ConfigJson.Serialize(resolved)), printed), r.Output);
    }

    [Fact]
    public void Config_of_an_analytic_game_prints_what_field_runs_and_for_train_what_train_would()
    {
        var root = CliRunner.RepositoryRoot();
        var r = CliRunner.Run(root, null, "config", "--config", "configs/field/dirac-consensus.json");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var resolved = CommandConfig.Resolve(ConfigPurpose.Field, Path.Combine(root, "configs", "field", "dirac-consensus.json"), None, useEnvironment: false);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ConfigJson.Serialize(resolved)), JsonNode.Parse(r.Output)), r.Output);
        // --for train puts train's defaults under the same file: its probe settings differ from field's.
        var asTrain = CliRunner.Run(root, null, "config", "--config", "configs/field/dirac-consensus.json", "--for", "train");
        Assert.True(asTrain.ExitCode == 0, asTrain.Output + asTrain.Error);
        Assert.Equal(6, (int)JsonNode.Parse(asTrain.Output)!["probe"]!["k"]!);
        Assert.Equal(10, (int)JsonNode.Parse(r.Output)!["probe"]!["k"]!);
    }

    [Fact]
    public void Config_prints_the_config_a_train_run_records()
    {
        var dir = CliRunner.TempDirectory();
        var file = Path.Combine(CliRunner.RepositoryRoot(), "configs", "ring-consensus.json");
        string[] overrides =
        [
            "--generator:latent=2", "--generator:hiddenLayers=1", "--generator:width=8", "--discriminator:hiddenLayers=1", "--discriminator:width=8",
            "--game:batchSize=32", "--probe:batchSize=64", "--train:steps=20", "--train:stepsPerEpoch=20", "--train:probeEvery=0",
            "--train:checkpointEvery=20", "--train:evalSamples=200",
        ];
        var printed = CliRunner.Run(dir, null, ["config", "--config", file, .. overrides, "--rule:gamma=0.5"]);
        Assert.True(printed.ExitCode == 0, printed.Output + printed.Error);
        var trained = CliRunner.Run(dir, null, ["train", "--config", file, .. overrides, "--rule:gamma=0.5", "--out", "run"]);
        Assert.True(trained.ExitCode == 0, trained.Output + trained.Error);
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "config.json")))!["config"];
        Assert.True(JsonNode.DeepEquals(recorded, JsonNode.Parse(printed.Output)), $"config printed:\n{printed.Output}\ntrain recorded:\n{recorded}");
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Config_prints_the_config_a_field_run_records()
    {
        var dir = CliRunner.TempDirectory();
        var file = Path.Combine(CliRunner.RepositoryRoot(), "configs", "field", "dirac-consensus.json");
        var printed = CliRunner.Run(dir, null, "config", "--config", file, "--field:steps=50", "--optimizer:lr=0.2");
        Assert.True(printed.ExitCode == 0, printed.Output + printed.Error);
        var ran = CliRunner.Run(dir, null, "field", "--config", file, "--steps", "50", "--lr", "0.2", "--out", "f");
        Assert.True(ran.ExitCode == 0, ran.Output + ran.Error);
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "f", "config.json")))!["config"];
        Assert.True(JsonNode.DeepEquals(recorded, JsonNode.Parse(printed.Output)), $"config printed:\n{printed.Output}\nfield recorded:\n{recorded}");
        Directory.Delete(dir, recursive: true);
    }
}
