using System.CommandLine;
using RealGanLab.Configuration;

namespace RealGanLab.Cli;

/// <summary>realganlab config: validate and print the configuration 'train' or 'field' would run with, or list every key.</summary>
public static class ConfigCommand
{
    public static Command Create(Dictionary<string, string> overrides)
    {
        var config = CommonOptions.Config("configs/ring-consensus.json, or configs/field/dirac-consensus.json for field");
        var keys = new Option<bool>("--keys") { Description = "List every key with its default and meaning instead." };
        var purpose = new Option<string?>("--for")
        {
            Description = "The command whose defaults go under the file: train or field (default: field when the file or overrides name an analytic game, else train).",
        };
        purpose.AcceptOnlyFromAmong("train", "field");
        var command = new Command("config", "Validate a configuration and print exactly what 'train' (or 'field') would run with it: " +
            "the command's defaults, the file, the environment and the overrides, resolved. " + CommonOptions.OverrideHelp)
        {
            config, keys, purpose,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(keys))
            {
                PrintKeys(typeof(ExperimentConfig), new ExperimentConfig(), "");
                return ExitCodes.Success;
            }
            try
            {
                var file = parse.GetValue(config);
                var kind = parse.GetValue(purpose) switch
                {
                    "train" => ConfigPurpose.Train,
                    "field" => ConfigPurpose.Field,
                    _ => CommandConfig.PurposeOf(file, overrides),
                };
                Console.WriteLine(ConfigJson.Serialize(CommandConfig.Resolve(kind, file, overrides)));
                return ExitCodes.Success;
            }
            catch (BadInputException e)
            {
                return ConsoleReporter.BadInput(e);
            }
        });
        return command;
    }

    /// <summary>
    /// Every key from the schema (the records' properties and the registries' keys), with its default and meaning. A
    /// choice whose description does not name every member of its registry gets the registry's list appended, so the
    /// listing cannot fall behind a new rule, loss or game.
    /// </summary>
    static void PrintKeys(Type type, object defaults, string prefix)
    {
        foreach (var m in SchemaMember.Of(type))
        {
            var key = prefix + m.Key;
            var value = m.ValueIn(defaults);
            if (m.IsSection)
            {
                Console.WriteLine($"[{key}] {m.Description}");
                PrintKeys(m.ValueType, value!, key + ":");
                continue;
            }
            var shown = value switch
            {
                null => "(unset)",
                double d when m.ValueType == typeof(int) => ((int)d).ToString(System.Globalization.CultureInfo.InvariantCulture),
                double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                _ => value.ToString(),
            };
            var description = m.Description;
            if (m.Choice is { } kind)
            {
                var names = Registries.NamesOf(kind);
                if (!names.All(n => description.Contains(n, StringComparison.Ordinal)))
                    description = $"{description} One of: {string.Join(", ", names)}.".TrimStart();
            }
            Console.WriteLine($"  {key,-34} {shown,-10} {description}");
        }
    }
}
