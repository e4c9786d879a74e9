using RealGanLab.Rules;
using RealGanLab.Training;
using RealGanLab.Games;
using RealGanLab.Configuration;
using static RealGanLab.Tests.TestSupport;

namespace RealGanLab.Tests;

/// <summary>Configuration: layered sources bound to typed records, every mistake reported with its key before anything runs.</summary>
[NoGarbageCollection]
public class ConfigTests
{
    static BadInputException Rejected(params string[] overrides) => Assert.Throws<BadInputException>(() => Config(overrides));

    [Fact]
    public void AMisplacedRegularizerOrLossNamesEveryGameThatTakesIt()
    {
        // The lists come from the games' capabilities: every neural game has a discriminator on data and a loss family.
        var regularizer = Rejected("game:name=bilinear", "regularizers:r1=1");
        Assert.Contains("regularizers:r1", regularizer.Message);
        Assert.Contains("a discriminator on data (dirac, mlp, dcgan, compression)", regularizer.Message);
        var loss = Rejected("game:name=bilinear", "game:loss=minimax");
        Assert.Contains("only dirac, pointwise, mlp, dcgan, compression do", loss.Message);
    }

    [Fact]
    public void DefaultsBindWithoutAnySource()
    {
        var c = Config();
        Assert.Equal("dirac", c.Game.Name);
        Assert.Equal("simgd", c.Rule.Name);
        Assert.Equal(0.1, c.Optimizer.Lr);
        Assert.Null(c.Optimizer.LrG);
        Assert.Equal(2000, c.Field.Steps);
    }

    [Fact]
    public void OverridesBindToTypedValuesIncludingListsAndNullables()
    {
        var c = Config("rule:name=consensus", "rule:gamma=0.25", "rule:align=false", "optimizer:lrD=0.4", "game:start=0.5,-1", "field:steps=7");
        Assert.Equal("consensus", c.Rule.Name);
        Assert.Equal(0.25, c.Rule.Options<ConsensusOptions>().Gamma);
        Assert.False(c.Rule.Options<SgaOptions>().Align);
        Assert.Equal(0.4, c.Optimizer.LrD);
        Assert.Equal(new[] { 0.5, -1.0 }, c.Game.Start);
        Assert.Equal(7, c.Field.Steps);
    }

    [Fact]
    public void KeysAreCaseInsensitiveLikeTheJsonProvider() =>
        Assert.Equal(3, Config("RULE:NDIS=3").Rule.Options<AlternatingOptions>().NDis);

    [Fact]
    public void UnknownKeyIsNamedWithASuggestion()
    {
        var e = Rejected("rule:gama=1");
        var issue = Assert.Single(e.Issues);
        Assert.Equal("rule:gama", issue.Key);
        Assert.Contains("Did you mean 'gamma'", issue.Message);
    }

    [Fact]
    public void UnknownSectionIsNamedWithASuggestion()
    {
        var issue = Assert.Single(Rejected("gmae:name=dirac").Issues);
        Assert.Equal("gmae", issue.Key);
        Assert.Contains("'game'", issue.Message);
    }

    [Theory]
    [InlineData("field:steps=abc", "field:steps", "not an integer")]
    [InlineData("optimizer:lr=fast", "optimizer:lr", "not a number")]
    [InlineData("rule:align=maybe", "rule:align", "boolean")]
    [InlineData("game:start=1,x", "game:start:1", "not a number")]
    [InlineData("optimizer:lr=NaN", "optimizer:lr", "not a number")]
    public void WrongTypesAreNamed(string setting, string key, string message)
    {
        var issue = Assert.Single(Rejected(setting).Issues);
        Assert.Equal(key, issue.Key);
        Assert.Contains(message, issue.Message);
    }

    [Theory]
    [InlineData("rule:gamma=-1", "rule:gamma")]
    [InlineData("regularizers:r1=-0.5", "regularizers:r1")]
    [InlineData("optimizer:lr=0", "optimizer:lr")]
    [InlineData("optimizer:momentum=1.5", "optimizer:momentum")]
    [InlineData("game:batchSize=0", "game:batchSize")]
    [InlineData("rule:nDis=0", "rule:nDis")]
    public void OutOfRangeValuesAreNamed(string setting, string key)
    {
        var issue = Assert.Single(Rejected(setting).Issues);
        Assert.Equal(key, issue.Key);
        Assert.Contains("out of range", issue.Message);
    }

    [Theory]
    [InlineData("rule:name=consensos", "rule:name", "consensus")]
    [InlineData("game:name=dirak", "game:name", "dirac")]
    [InlineData("game:loss=minmax", "game:loss", "minimax")]
    [InlineData("rule:estimator=u_stat", "rule:estimator", "ustat")]
    [InlineData("rule:order=gfirst", "rule:order", "g-first")]
    [InlineData("generator:init=orthonormal", "generator:init", "orthogonal")]
    [InlineData("optimizer:name=adm", "optimizer:name", "adam")]
    [InlineData("regularizers:r3=1", "regularizers:r3", "r1")]
    [InlineData("regularizers:wgangp2=1", "regularizers:wgangp2", "wganGp")]
    public void UnknownNamesListTheValidChoices(string setting, string key, string suggestion)
    {
        var issue = Assert.Single(Rejected(setting).Issues);
        Assert.Equal(key, issue.Key);
        Assert.Contains($"'{suggestion}'", issue.Message);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var e = Rejected("rule:gama=1", "field:steps=abc", "rule:name=nope");
        Assert.Equal(3, e.Issues.Count);
    }

    [Theory]
    [InlineData("bilinear", "r1")]
    [InlineData("cos-sin", "mse")]
    [InlineData("pointwise", "instanceNoise")]
    [InlineData("linear", "wganGp")]
    public void GanRegularizersAreRejectedOnGamesWithoutADiscriminatorOnData(string game, string regularizer)
    {
        var issue = Assert.Single(Rejected($"game:name={game}", $"regularizers:{regularizer}=1").Issues);
        Assert.Equal($"regularizers:{regularizer}", issue.Key);
        Assert.Contains(game, issue.Message);
    }

    [Theory]
    [InlineData("least-squares")]
    [InlineData("density-ratio")]
    public void ADiracDataPointOffZeroIsRejectedForLossesWithoutAnEquilibriumThere(string loss)
    {
        var issue = Assert.Single(Rejected("game:dataMean=1", $"game:loss={loss}").Issues);
        Assert.Equal("game:dataMean", issue.Key);
        Assert.Equal(1.0, Config("game:dataMean=1", "game:loss=hinge").Game.DataMean);
    }

    [Fact]
    public void ALossOnAGameWithoutLossFamilyIsRejected() =>
        Assert.Equal("game:loss", Assert.Single(Rejected("game:name=bilinear", "game:loss=hinge").Issues).Key);

    [Theory]
    [InlineData("split")]
    [InlineData("ustat")]
    public void PairEstimatorsNeedTwoSamples(string estimator) =>
        Assert.Equal("game:batchSize", Assert.Single(Rejected("rule:name=consensus", $"rule:estimator={estimator}", "game:batchSize=1").Issues).Key);

    [Fact]
    public void ProbabilityDomainNeedsASigmoidLoss() =>
        Assert.Equal("game:domain", Assert.Single(Rejected("game:name=pointwise", "game:loss=wasserstein", "game:domain=probability").Issues).Key);

    [Fact]
    public void NegativeMomentumIsOnlyForSgd() =>
        Assert.Equal("optimizer:momentum", Assert.Single(Rejected("optimizer:name=rmsprop", "optimizer:momentum=-0.3").Issues).Key);

    [Fact]
    public void JsonFilesLoadAndOverridesWinOverThem()
    {
        var dir = CliRunner.TempDirectory();
        var file = Path.Combine(dir, "c.json");
        File.WriteAllText(file, """{ "rule": { "name": "consensus", "gamma": 0.5 }, "field": { "steps": 12 } }""");
        var c = ConfigLoader.Load(file, new Dictionary<string, string> { ["rule:gamma"] = "2" }, useEnvironment: false);
        Assert.Equal("consensus", c.Rule.Name);
        Assert.Equal(2.0, c.Rule.Options<ConsensusOptions>().Gamma);
        Assert.Equal(12, c.Field.Steps);
    }

    [Fact]
    public void MissingOrMalformedFilesAreNamed()
    {
        var dir = CliRunner.TempDirectory();
        var missing = Assert.Throws<BadInputException>(() => ConfigLoader.Load(Path.Combine(dir, "nope.json"), new Dictionary<string, string>(), false));
        Assert.Contains("nope.json", missing.Message);
        var bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, """{ "rule": { "name": "simgd", } """);
        var malformed = Assert.Throws<BadInputException>(() => ConfigLoader.Load(bad, new Dictionary<string, string>(), false));
        Assert.Contains("bad.json", malformed.Message);
        Assert.Contains("not valid JSON", malformed.Message);
    }

    [Fact]
    public void ShippedConfigsAreValidAndTheirGamesBuild()
    {
        // Sweep files (configs/sweeps/) are not configs; SweepPlanTests expands and validates them.
        var sweeps = Path.Combine(CliRunner.RepositoryRoot(), "configs", "sweeps");
        var files = Directory.GetFiles(Path.Combine(CliRunner.RepositoryRoot(), "configs"), "*.json", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(sweeps + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToArray();
        Assert.True(files.Length >= 10, $"only {files.Length} configs shipped");
        using var repositoryData = ImageTestData.UseRepositoryData();
        foreach (var file in files)
        {
            // 'train' configs are layered on the built-in train defaults, exactly as the command does.
            var text = File.ReadAllText(file);
            bool neural = text.Contains("\"mlp\"") || text.Contains("\"dcgan\"") || text.Contains("\"compression\"");
            var config = ConfigLoader.Load(file, new Dictionary<string, string>(), useEnvironment: false,
                baseJson: neural ? [Configuration.TrainDefaults.Json] : null);
            using var game = neural ? GameHost.Create(config) : Field.FieldRun.CreateGame(config);
            Assert.Equal(config.Game.Name, game.Name);
        }
        var trainConfigs = files.Select(Path.GetFileNameWithoutExtension).Where(n => n!.StartsWith("ring-") || n.StartsWith("grid-")).ToHashSet();
        foreach (var data in new[] { "ring", "grid" })
            foreach (var rule in new[] { "simgd", "altgd", "consensus", "r1", "wgan-gp", "unrolled", "packing" })
                Assert.Contains($"{data}-{rule}", trainConfigs);
        // MNIST and Stacked MNIST × every rule, each ‖v‖² estimator and the compression μ ablation, CPU and GPU sizes.
        foreach (var folder in new[] { "configs", Path.Combine("configs", "gpu") })
        {
            var names = Directory.GetFiles(Path.Combine(CliRunner.RepositoryRoot(), folder), "*.json").Select(Path.GetFileNameWithoutExtension).ToHashSet();
            foreach (var dataset in new[] { "mnist", "stacked-mnist" })
                foreach (var rule in new[] { "simgd", "altgd", "consensus", "consensus-split", "consensus-ustat", "consensus-per-sample", "r1", "wgan-gp",
                             "compression-mu0", "compression-mu0.1", "compression-mu1", "compression-mu10" })
                    Assert.Contains($"{dataset}-{rule}", names);
        }
    }
}
