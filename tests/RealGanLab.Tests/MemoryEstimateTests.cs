using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Networks;
using RealGanLab.Training;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// The memory estimate that refuses impossible sizes before a run starts: its parameter counts equal those of the
/// networks the game really builds, its total is of the right order, and no shipped config is refused on a 24 GiB machine.
/// </summary>
[NoGarbageCollection]
public class MemoryEstimateTests
{
    const long TwentyFourGiB = 24L << 30;

    static ExperimentConfig Train(params string[] overrides) =>
        ConfigLoader.Load(null, overrides.Select(o => o.Split('=', 2)).ToDictionary(p => p[0], p => p[1]), useEnvironment: false, baseJson: [TrainDefaults.Json]);

    static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Theory]
    [InlineData("generator:width=8", "generator:hiddenLayers=1", "discriminator:width=8", "discriminator:hiddenLayers=1", "generator:latent=2")]
    [InlineData("generator:width=128", "generator:hiddenLayers=3", "discriminator:width=64", "discriminator:hiddenLayers=2", "generator:latent=16")]
    [InlineData("generator:normalization=batch", "discriminator:normalization=layer", "discriminator:pack=4", "generator:hiddenLayers=0", "discriminator:hiddenLayers=0")]
    [InlineData("generator:normalization=layer", "discriminator:normalization=batch", "discriminator:pack=2", "generator:width=33", "discriminator:width=17")]
    public void MlpParameterCountsEqualTheBuiltGame(params string[] overrides)
    {
        var config = Train(overrides);
        using var game = (GanGame)GameHost.Create(config);
        var estimate = MemoryEstimate.For(config, probe: true);
        Assert.Equal(Count(game.GeneratorNetwork), estimate.GeneratorParameters);
        Assert.Equal(Count(game.DiscriminatorNetwork), estimate.DiscriminatorParameters);
        Assert.Equal(game.ParameterCount, estimate.ParameterCount);
    }

    [Theory]
    [InlineData("dcgan", "mnist", 8, 0, "none", 10)]
    [InlineData("dcgan", "stacked-mnist", 16, 1, "batch", 100)]
    [InlineData("dcgan", "mnist", 12, 2, "layer", 7)]
    [InlineData("compression", "mnist", 8, 0, "layer", 32)]
    [InlineData("compression", "stacked-mnist", 10, 1, "batch", 5)]
    public void ImageParameterCountsEqualTheBuiltNetworks(string gameName, string data, int width, int depth, string normalization, int latent)
    {
        // The networks alone (the game would need the MNIST files).
        var config = Train($"game:name={gameName}", $"data:name={data}", $"generator:width={width}", $"discriminator:width={width + 2}",
            $"generator:hiddenLayers={depth}", $"discriminator:hiddenLayers={depth}", $"generator:normalization={normalization}",
            $"discriminator:normalization={normalization}", $"generator:latent={latent}");
        var shape = new ImageShape(data == "mnist" ? 1 : 3);
        using nn.Module generator = gameName == "compression"
            ? (nn.Module)new EncoderDecoderGenerator("generator", latent, shape, width, depth, normalization)
            : new DcganGenerator("generator", latent, shape, width, depth, normalization);
        using var discriminator = new DcganDiscriminator("discriminator", shape, width + 2, depth, normalization);
        var estimate = MemoryEstimate.For(config, probe: false);
        Assert.Equal(Count(generator), estimate.GeneratorParameters);
        Assert.Equal(Count(discriminator), estimate.DiscriminatorParameters);
    }

    [Fact]
    public void TheBuiltInRunNeedsMegabytesNotGigabytes()
    {
        // 52,483 float32 parameters, a batch of 256, a probe batch of 256: well above the parameters' own 0.2 MB, far below 1 GiB.
        var estimate = MemoryEstimate.For(Train(), probe: true);
        Assert.InRange(estimate.TotalBytes, 1 << 20, 1L << 30);
        Assert.InRange(estimate.ParameterCount * 4.0 * 4, 0, estimate.TotalBytes);
    }

    [Fact]
    public void TheEstimateGrowsWithTheBatchAndIsBlamedOnIt()
    {
        var small = MemoryEstimate.For(Train("game:batchSize=256"), probe: false);
        var huge = MemoryEstimate.For(Train("game:batchSize=10000000"), probe: false);
        Assert.InRange(huge.TotalBytes, 100.0 * (1L << 30), 100_000.0 * (1L << 30));
        Assert.True(huge.TotalBytes > 1000 * small.TotalBytes);
        Assert.Equal("game:batchSize", huge.KeyToLower);
        Assert.StartsWith("generator:width", MemoryEstimate.For(Train("generator:width=100000"), probe: true).KeyToLower);
    }

    [Fact]
    public void EnsureFitsRefusesNamingTheEstimateTheLimitAndTheKey()
    {
        var config = Train("game:batchSize=10000000");
        var e = Assert.Throws<BadInputException>(() => MemoryEstimate.EnsureFits(config, probe: false, available: TwentyFourGiB));
        Assert.Equal("game:batchSize", e.Issues[0].Key);
        Assert.Contains("24 GiB available", e.Message);
        Assert.Contains("Lower game:batchSize", e.Message);
        MemoryEstimate.EnsureFits(Train(), probe: true, available: TwentyFourGiB);
    }

    public static IEnumerable<object[]> ShippedConfigs() =>
        Directory.EnumerateFiles(Path.Combine(CliRunner.RepositoryRoot(), "configs"), "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}sweeps{Path.DirectorySeparatorChar}"))
            .Select(f => new object[] { Path.GetRelativePath(CliRunner.RepositoryRoot(), f) });

    [Theory]
    [MemberData(nameof(ShippedConfigs))]
    public void NoShippedConfigIsRefusedOnA24GiBMachine(string file)
    {
        var path = Path.Combine(CliRunner.RepositoryRoot(), file);
        var none = new Dictionary<string, string>();
        var plain = ConfigLoader.Load(path, none, useEnvironment: false);
        // Neural games run under train's built-in defaults; analytic ones ('field') under the records' defaults.
        var config = GameFactory.IsNeural(plain.Game.Name) ? ConfigLoader.Load(path, none, useEnvironment: false, baseJson: [TrainDefaults.Json]) : plain;
        var estimate = MemoryEstimate.For(config, probe: true);
        Assert.InRange(estimate.TotalBytes, 1, TwentyFourGiB);
        MemoryEstimate.EnsureFits(config, probe: true, available: TwentyFourGiB);
    }
}
