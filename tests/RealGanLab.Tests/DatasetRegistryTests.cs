using RealGanLab.Composition;
using static RealGanLab.Tests.TestSupport;

namespace RealGanLab.Tests;

/// <summary>The dataset registry: data:name's names, the games that take each kind, and `train --help`, all from one list.</summary>
[NoGarbageCollection]
public class DatasetRegistryTests
{
    [Fact]
    public void EveryDatasetLoadsWithTheGamesOfItsKindAndIsRefusedWithTheOthers()
    {
        Assert.Equal(["ring", "grid", "file", "mnist", "stacked-mnist"], Datasets.Names);
        foreach (var e in Datasets.Entries)
        {
            Assert.True(e.Mixture is not null ^ e.IsImages, e.Name);
            var extra = e.Name == "file" ? new[] { "data:file=x.json" } : [];
            var ok = e.IsImages ? "game:name=dcgan" : "game:name=mlp";
            var wrong = e.IsImages ? "game:name=mlp" : "game:name=dcgan";
            Config([ok, $"data:name={e.Name}", .. extra]);
            Assert.Contains("data:name", Assert.Throws<BadInputException>(() => Config([wrong, $"data:name={e.Name}", .. extra])).Message);
        }
        Assert.Equal(["mnist", "stacked-mnist"], ImageDatasets.Names);
        Assert.Equal([1, 3], ImageDatasets.Names.Select(ImageDatasets.Channels));
        Assert.Equal(["ring", "grid", "file"], Mixtures.Names);
        Assert.Contains("did you mean 'grid'", Assert.Throws<BadInputException>(() => Config("game:name=mlp", "data:name=gird")).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheMixturesAreBuiltFromTheDataSection()
    {
        var ring = Mixtures.Create(Config("game:name=mlp", "data:name=ring", "data:modes=5", "data:radius=2").Data);
        Assert.Equal(5, ring.ModeCount);
        Assert.Equal(2.0, Math.Sqrt(ring.Means[3][0] * ring.Means[3][0] + ring.Means[3][1] * ring.Means[3][1]), 12);
        Assert.All(ring.Stds, s => Assert.Equal(0.01, s));
        var grid = Mixtures.Create(Config("game:name=mlp", "data:name=grid", "data:side=3", "data:spacing=1.5", "data:std=0.2").Data);
        Assert.Equal(9, grid.ModeCount);
        Assert.Equal([-1.5, -1.5], grid.Means[0]);
        Assert.All(grid.Stds, s => Assert.Equal(0.2, s));
        Assert.Contains("data:name", Assert.Throws<BadInputException>(() => Mixtures.Create(new Configuration.DataConfig { Name = "mnist" })).Message);
    }

    [Fact]
    public void TrainHelpListsEveryDatasetWithTheGamesThatTakeIt()
    {
        var r = CliRunner.Run(CliRunner.RepositoryRoot(), null, "train", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("ring, grid, file (game mlp); mnist, stacked-mnist (games dcgan, compression) (data:name)", r.Output.ReplaceLineEndings(" ").Replace("  ", " "));
    }
}
