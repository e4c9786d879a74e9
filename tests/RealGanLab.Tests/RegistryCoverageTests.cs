using RealGanLab.Configuration;
using RealGanLab.Losses;
using RealGanLab.Regularizers;
using RealGanLab.Rules;
using static RealGanLab.Tests.TestSupport;

namespace RealGanLab.Tests;

/// <summary>
/// Every registry entry is smoke-tested and listed by `config --keys`: a method added to a registry but not to a
/// smoke matrix (or the reverse) fails here, not silently.
/// </summary>
public class RegistryCoverageTests
{
    static IEnumerable<string> AnalyticRegularizers => SmokeMatrixTests.DiracCases().Select(c => (string)c[1]).Distinct();

    static IEnumerable<string> MlpRegularizers => MlpSmokeMatrixTests.Cases().Select(c => (string)c[1]).Distinct();

    static bool Loads(params string[] overrides)
    {
        try
        {
            Config(overrides);
            return true;
        }
        catch (BadInputException)
        {
            return false;
        }
    }

    public static IEnumerable<object[]> RegularizerKeys() => RegularizerRegistry.Entries.Select(e => new object[] { e.Key });

    public static IEnumerable<object[]> RuleNames() => UpdateRules.Names.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(RegularizerKeys))]
    public void EveryRegularizerRunsInTheSmokeMatricesOfEveryGameThatTakesIt(string key)
    {
        var entry = RegularizerRegistry.Entries.Single(e => e.Key == key);
        // The Dirac-GAN has a discriminator on data and a paired target, so it takes every regularizer.
        Assert.True(Loads([.. entry.SmokeOverrides, "game:name=dirac"]), $"the Dirac-GAN refuses {key}");
        Assert.Contains(key, AnalyticRegularizers);
        // The MLP game is in its matrix exactly when the configuration accepts it there.
        bool mlpTakesIt = Loads([.. MlpSmokeMatrixTests.TinyMlp, .. entry.SmokeOverrides]);
        Assert.Equal(mlpTakesIt, MlpRegularizers.Contains(key));
        Assert.Equal(!entry.Needs.HasFlag(RegularizerNeeds.PairedTarget), mlpTakesIt);
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void EveryRuleRunsInTheSmokeMatricesOfEveryGameThatTakesIt(string rule)
    {
        var entry = UpdateRules.Find(rule)!;
        Assert.NotEmpty(entry.SmokeVariants);
        Assert.All(entry.SmokeVariants, v => Assert.Equal($"rule:name={rule}", v[0]));
        Assert.All(entry.SmokeVariants, v => Assert.True(Loads([.. MlpSmokeMatrixTests.TinyMlp, .. v]), $"the MLP game refuses {string.Join(' ', v)}"));
        Assert.Contains(MlpSmokeMatrixTests.RuleVariants, v => v.Contains($"rule:name={rule}"));
        // The analytic matrix runs the rule exactly when the configuration accepts it on the Dirac-GAN, which is
        // exactly when it needs no unrollable discriminator.
        bool analytic = Loads("game:name=dirac", $"rule:name={rule}");
        Assert.Equal(analytic, SmokeMatrixTests.RuleVariants.Any(v => v.Contains($"rule:name={rule}")));
        Assert.Equal(!entry.Needs.HasFlag(RuleNeeds.UnrollableDiscriminator), analytic);
    }

    [Fact]
    public void EveryLossRunsInTheSmokeMatrices()
    {
        Assert.Equal(LossFamilies.Names.Order(), SmokeMatrixTests.DiracCases().Select(c => (string)c[2]).Distinct().Order());
        Assert.Equal(LossFamilies.Names.Order(), MlpSmokeMatrixTests.Cases().Select(c => (string)c[2]).Distinct().Order());
    }

    [Fact]
    public void ConfigKeysListsEveryRegistryKeyAndEveryName()
    {
        var r = CliRunner.Run(CliRunner.RepositoryRoot(), null, "config", "--keys");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Output.Split('\n');
        foreach (var key in RegularizerRegistry.Keys)
            Assert.Contains(lines, l => l.TrimStart().StartsWith($"regularizers:{key.Name} ", StringComparison.Ordinal) && l.Contains(key.Description));
        foreach (var (key, names) in new[] { ("rule:name", UpdateRules.Names), ("game:loss", LossFamilies.Names), ("game:name", GameFactory.Names) })
        {
            var line = lines.Single(l => l.TrimStart().StartsWith(key + " ", StringComparison.Ordinal));
            Assert.All(names, n => Assert.Contains(n, line));
        }
    }

    [Fact]
    public void TheDocsKeyPageIsTheOutputOfConfigKeys()
    {
        var r = CliRunner.Run(CliRunner.RepositoryRoot(), null, "config", "--keys");
        Assert.Equal(0, r.ExitCode);
        var page = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot(), "docs", "config-keys.md"));
        const string open = "```text\n";
        int start = page.IndexOf(open, StringComparison.Ordinal) + open.Length;
        int end = page.IndexOf("```", start, StringComparison.Ordinal);
        Assert.True(start >= open.Length && end > start, "docs/config-keys.md has no ```text block");
        // A new registry entry or key changes the output: regenerate the page's block with 'realganlab config --keys'.
        Assert.Equal(r.Output.ReplaceLineEndings("\n"), page[start..end]);
    }
}
