using System.Text.Json;
using RealGanLab.Configuration;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;

namespace RealGanLab.Tests;

/// <summary>
/// Rule options declared next to each rule (AlternatingOptions, ConsensusOptions, UnrolledOptions, SgaOptions) and
/// read through the flat rule section: the same keys, the same saved JSON, the values reaching the rule.
/// </summary>
[NoGarbageCollection]
public class RuleOptionsTests
{
    [Fact]
    public void TheRuleSectionIsWrittenAsBeforeTheOptionsMovedToTheRules()
    {
        // The rule section of a config.json written before the move (ring-consensus, seed 0): same keys, order and types.
        const string before = """{"name":"consensus","nDis":1,"order":"d-first","gamma":1,"estimator":"batch","unrollSteps":5,"unrollOptimizer":"optimizer","surrogate":"saddle","lambda":1,"align":true}""";
        var rule = Config("rule:name=consensus").Rule;
        Assert.Equal(before, JsonSerializer.Serialize(rule));
        var set = Config("game:name=mlp", "rule:name=unrolled", "rule:unrollOptimizer=sgd", "rule:unrollLr=0.025", "rule:gamma=0.5").Rule;
        var json = JsonSerializer.Serialize(set);
        Assert.Contains("\"gamma\":0.5,", json);
        Assert.Contains("\"unrollLr\":0.025,", json);
        Assert.DoesNotContain("unrollLr", JsonSerializer.Serialize(rule));    // unset: left out, as a null property was
    }

    [Fact]
    public void EachRuleReadsItsOwnRecordFromTheSection()
    {
        var c = Config("rule:name=sga", "rule:nDis=3", "rule:order=g-first", "rule:gamma=0.25", "rule:estimator=ustat",
            "rule:unrollSteps=7", "rule:unrollOptimizer=sgd", "rule:unrollLr=0.5", "rule:surrogate=generator", "rule:lambda=2.5", "rule:align=false");
        Assert.Equal(new AlternatingOptions { NDis = 3, Order = "g-first" }, c.Rule.Options<AlternatingOptions>());
        Assert.Equal(new ConsensusOptions { Gamma = 0.25, Estimator = "ustat" }, c.Rule.Options<ConsensusOptions>());
        Assert.Equal(new UnrolledOptions { UnrollSteps = 7, UnrollOptimizer = "sgd", UnrollLr = 0.5, Surrogate = "generator" }, c.Rule.Options<UnrolledOptions>());
        Assert.Equal(new SgaOptions { Lambda = 2.5, Align = false }, c.Rule.Options<SgaOptions>());
        // Defaults are the records' own.
        var d = Config().Rule;
        Assert.Equal(new ConsensusOptions(), d.Options<ConsensusOptions>());
        Assert.Equal(new UnrolledOptions(), d.Options<UnrolledOptions>());
        Assert.Null(d.Options<UnrolledOptions>().UnrollLr);
    }

    [Fact]
    public void ASavedSectionLoadsBackToTheSameOptions()
    {
        var c = Config("rule:name=altgd", "rule:nDis=4", "rule:lambda=0.125", "rule:unrollOptimizer=sgd", "rule:unrollLr=1e-3");
        var saved = ConfigJson.Serialize(c);
        var back = ConfigLoader.Load(null, new Dictionary<string, string>(), useEnvironment: false, baseJson: [saved]);
        Assert.Equal("altgd", back.Rule.Name);
        Assert.Equal(4, back.Rule.Options<AlternatingOptions>().NDis);
        Assert.Equal(0.125, back.Rule.Options<SgaOptions>().Lambda);
        Assert.Equal(1e-3, back.Rule.Options<UnrolledOptions>().UnrollLr);
        Assert.Empty(ConfigDiff.Compare(c, back));
        var read = JsonSerializer.Deserialize<RuleConfig>(JsonSerializer.Serialize(c.Rule))!;
        Assert.Equal(c.Rule.Options<UnrolledOptions>(), read.Options<UnrolledOptions>());
        Assert.Equal("altgd", read.Name);
    }

    [Fact]
    public void EveryOptionOfEveryRuleIsAKeyOfTheRuleSectionAndIsChecked()
    {
        var keys = SchemaMember.Of(typeof(RuleConfig));
        Assert.Equal("name", keys[0].Key);
        foreach (var entry in UpdateRules.Entries.Where(e => e.OptionsType is not null))
            foreach (var p in entry.OptionsType!.GetProperties())
            {
                var key = Assert.Single(keys, k => k.Key == ConfigSchema.KeyOf(p));
                Assert.Equal(p.PropertyType, key.Type);
                Assert.StartsWith(entry.Name + ": ", key.Description);
            }
        Assert.Equal(1 + UpdateRules.Entries.Where(e => e.OptionsType is not null).Sum(e => e.OptionsType!.GetProperties().Length), keys.Count);
        // The records' attributes are what validation reads.
        Assert.Contains("rule:nDis", Assert.Throws<BadInputException>(() => Config("rule:nDis=0")).Message);
        Assert.Contains("rule:estimator", Assert.Throws<BadInputException>(() => Config("rule:estimator=median")).Message);
        Assert.Contains("rule:align", Assert.Throws<BadInputException>(() => Config("rule:align=maybe")).Message);
    }
}
