using RealGanLab.Metrics;

namespace RealGanLab.Tests;

/// <summary>`realganlab methods` lists every registry entry, and docs/methods.md is its output.</summary>
public class MethodsPageTests
{
    [Fact]
    public void TheDocsMethodsPageIsTheOutputOfMethodsAndNamesEveryEntry()
    {
        var r = CliRunner.Run(CliRunner.RepositoryRoot(), null, "methods");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Output.ReplaceLineEndings("\n").Split('\n');
        void Listed(string name, string description) =>
            Assert.Contains(lines, l => l.StartsWith($"  {name} ", StringComparison.Ordinal) && l.Contains(description, StringComparison.Ordinal));
        foreach (var e in GameFactory.Entries) Listed(e.Name, e.Description);
        foreach (var e in UpdateRules.Entries) Listed(e.Name, e.Description);
        foreach (var e in LossFamilies.Entries) Listed(e.Name, e.Description);
        foreach (var e in RegularizerRegistry.Entries) Listed(e.Key, e.Description);
        foreach (var e in Datasets.Entries) Listed(e.Name, e.Description);
        foreach (var e in MetricRegistry.Entries) Listed(e.Key, e.Description);
        // A rule's options are named with it.
        Assert.Contains(lines, l => l.StartsWith("  consensus ", StringComparison.Ordinal) && l.EndsWith("Options: rule:gamma, rule:estimator.", StringComparison.Ordinal));

        var page = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot(), "docs", "methods.md"));
        const string open = "```text\n";
        int start = page.IndexOf(open, StringComparison.Ordinal) + open.Length;
        int end = page.IndexOf("```", start, StringComparison.Ordinal);
        Assert.True(start >= open.Length && end > start, "docs/methods.md has no ```text block");
        // A new entry or description changes the output: regenerate the page's block with 'realganlab methods'.
        Assert.Equal(r.Output.ReplaceLineEndings("\n"), page[start..end]);
    }
}
