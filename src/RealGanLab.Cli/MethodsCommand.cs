using System.CommandLine;
using RealGanLab.Metrics;
using RealGanLab.Rules;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab methods: every method the testbed has, read from the registries — games, update rules (with their option
/// keys), loss families, regularizers, datasets and metrics — one line each with its description. Plain text, no
/// libtorch: docs/methods.md is this output.
/// </summary>
public static class MethodsCommand
{
    public static Command Create()
    {
        var command = new Command("methods", "List every game, update rule, loss family, regularizer, dataset and metric with its description, from the registries.");
        command.SetAction(_ =>
        {
            Section("Games (game:name)", GameFactory.Entries.Select(e => (e.Name, e.Description)));
            Section("Update rules (rule:name; their options are rule:KEY)", UpdateRules.Entries.Select(e => (e.Name, e.Description + Options(e))));
            Section("Loss families (game:loss)", LossFamilies.Entries.Select(e => (e.Name, e.Description)));
            Section("Regularizers (regularizers:KEY = weight; 0 is off)", RegularizerRegistry.Entries.Select(e => (e.Key, e.Description +
                (e.Options is { Count: > 0 } options ? $" Options: {string.Join(", ", options.Select(o => "regularizers:" + o.Name))}." : ""))));
            Section("Datasets (data:name)", Datasets.Entries.Select(e => (e.Name, e.Description)));
            Section("Metrics (keys of metrics.jsonl)", MetricRegistry.Entries.Select(e => (e.Key, $"{Kind(e)}; {(e.LowerIsBetter ? "lower" : "higher")} is better. {e.Name}: {e.Description}")));
            return ExitCodes.Success;
        });
        return command;
    }

    static string Options(Composition.RuleEntry e) =>
        e.Keys.Count == 0 ? "" : $" Options: {string.Join(", ", e.Keys.Select(k => "rule:" + k.Key))}.";

    static string Kind(MetricEntry e) => string.Join(" and ", new[]
    {
        e.OnMixture is not null ? "2-D mixtures" : null,
        e.OnImages is not null ? (e.StackedOnly ? "Stacked MNIST" : "images") : null,
        e.OnReconstructions is not null ? "compression game" : null,
    }.OfType<string>());

    static void Section(string title, IEnumerable<(string Name, string Description)> entries)
    {
        var list = entries.ToList();
        int width = list.Max(e => e.Name.Length) + 2;
        Console.WriteLine(title);
        foreach (var (name, description) in list) Console.WriteLine($"  {name.PadRight(width)}{description}");
        Console.WriteLine();
    }
}
