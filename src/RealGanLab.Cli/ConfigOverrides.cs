using RealGanLab.Configuration;

namespace RealGanLab.Cli;

/// <summary>
/// Pulls generic config overrides (--section:key=value or --section:key value) out of the arguments before
/// System.CommandLine sees them: its own "--option:value" syntax would otherwise read --rule:gamma=2 as
/// --rule "gamma=2". A token is an override when its part before ':' is a config section or is not one
/// of the command's named options.
/// </summary>
public static class ConfigOverrides
{
    public static IReadOnlyList<string> Sections { get; } =
        typeof(ExperimentConfig).GetProperties().Select(ConfigSchema.KeyOf).ToList();

    public static (string[] Remaining, Dictionary<string, string> Overrides) Extract(string[] args, ISet<string> namedOptions)
    {
        var remaining = new List<string>();
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < args.Length; i++)
        {
            var token = args[i];
            int colon = token.IndexOf(':');
            if (!token.StartsWith("--") || colon < 3 || token == "--")
            {
                remaining.Add(token);
                continue;
            }
            var head = token[2..colon];
            bool isSection = Sections.Contains(head, StringComparer.OrdinalIgnoreCase);
            if (!isSection && namedOptions.Contains("--" + head))
            {
                remaining.Add(token);
                continue;
            }
            var body = token[2..];
            int equals = body.IndexOf('=');
            if (equals >= 0) overrides[body[..equals]] = body[(equals + 1)..];
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--")) overrides[body] = args[++i];
            else throw new BadInputException(body, $"has no value; write --{body}=VALUE");
        }
        return (remaining.ToArray(), overrides);
    }
}
