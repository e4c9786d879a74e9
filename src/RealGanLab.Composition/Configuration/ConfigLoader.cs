using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace RealGanLab.Configuration;

/// <summary>
/// Builds the configuration from, in increasing precedence: defaults in the records, a JSON file,
/// environment variables REALGANLAB_section__key, and command-line overrides section:key=value. Everything
/// is validated before it is bound, so a bad key fails before anything runs.
/// </summary>
public static class ConfigLoader
{
    public const string EnvironmentPrefix = "REALGANLAB_";

    /// <summary>
    /// Variables with the config prefix that are not config keys (a data folder, test hooks): skipped when the
    /// environment layer is read, or they would be refused as unknown keys (FAULT) or clash with a section (DATA).
    /// Every REALGANLAB_REQUIRE_* variable (the tests' switches that CI sets) is skipped too (<see cref="IsReserved"/>).
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedVariables =
        new HashSet<string>(["REALGANLAB_DATA", "REALGANLAB_LIBTORCH", "REALGANLAB_FAULT", "REALGANLAB_REQUIRE_TMPFS", "REALGANLAB_REQUIRE_CHROMIUM",
            "REALGANLAB_REQUIRE_SLURM", "REALGANLAB_REQUIRE_DEVFULL", "REALGANLAB_REQUIRE_TORCH", "REALGANLAB_SLURM"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The prefix of the tests' switches that make a missing tool a failure (never config keys).</summary>
    public const string RequirePrefix = "REALGANLAB_REQUIRE_";

    /// <summary>Whether the variable <paramref name="name"/> is not read as a config key.</summary>
    public static bool IsReserved(string name) =>
        ReservedVariables.Contains(name) || name.StartsWith(RequirePrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads, validates and binds. Throws <see cref="BadInputException"/> listing every problem.</summary>
    /// <param name="baseJson">Layers below the file, lowest first: a command's built-in defaults, or a run's saved config when resuming.</param>
    /// <param name="overridesSource">Where the overrides come from, for messages (a sweep's are from its file).</param>
    public static ExperimentConfig Load(string? file, IReadOnlyDictionary<string, string> overrides, bool useEnvironment = true, IReadOnlyList<string>? baseJson = null,
        string overridesSource = "on the command line")
    {
        var raw = Build(file, overrides, useEnvironment, baseJson);
        // Each layer's shape on its own first: in the merged view a lower layer's section (the defaults' "train")
        // hides a higher layer's plain value for it ("train": 5), which would then be ignored without a word.
        var layers = Layers(file, overrides, useEnvironment, baseJson, overridesSource).ToList();
        var issues = layers.SelectMany(l => ConfigSchema.ValidateShape(l.Layer, l.Source)).ToList();
        if (issues.Count > 0) throw new BadInputException(issues);
        issues.AddRange(ConfigSchema.Validate(raw).Select(issue => WithSource(issue, layers)));
        if (issues.Count > 0) throw new BadInputException(issues);

        var config = new ExperimentConfig();
        raw.Bind(config, o => o.ErrorOnUnknownConfiguration = true);
        issues.AddRange(ConfigConsistency.Check(config, raw));
        if (issues.Count > 0) throw new BadInputException(issues);
        return config;
    }

    /// <summary>The raw layered configuration (no validation).</summary>
    public static IConfigurationRoot Build(string? file, IReadOnlyDictionary<string, string> overrides, bool useEnvironment = true, IReadOnlyList<string>? baseJson = null)
    {
        var builder = new ConfigurationBuilder();
        foreach (var json in baseJson ?? [])
            builder.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        if (file is not null)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
                throw new BadInputException("--config", $"file '{file}' does not exist. Configs ship under configs/: training configs such as configs/ring-consensus.json, the analytic games' under configs/field/ (e.g. configs/field/dirac-consensus.json).");
            // Checked once here: the JSON provider's errors do not name the file, it throws on a top level that is not
            // an object, and it keeps the last of duplicate keys without a word.
            StrictJson.Check(ReadConfigFile(file, path), file, "--config", JsonValueKind.Object,
                "an object of sections, e.g. { \"game\": { \"name\": \"mlp\" }, \"rule\": { \"name\": \"consensus\" } }");
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        if (useEnvironment) builder.AddInMemoryCollection(EnvironmentLayer());
        builder.AddInMemoryCollection(ExpandLists(overrides)!);
        return builder.Build();
    }

    /// <summary>The issue with the layer that set its key named ("in 'configs/x.json'"), the highest one when several do.</summary>
    static InputIssue WithSource(InputIssue issue, IReadOnlyList<(IConfiguration Layer, string Source)> layers)
    {
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            var section = layers[i].Layer.GetSection(issue.Key);
            if (section.Value is not null || section.GetChildren().Any()) return issue with { Message = $"{issue.Message} ({layers[i].Source})" };
        }
        return issue;
    }

    /// <summary>Each layer alone, lowest first, with the words that name it in a message (the file was checked by <see cref="Build"/>).</summary>
    static IEnumerable<(IConfiguration Layer, string Source)> Layers(string? file, IReadOnlyDictionary<string, string> overrides, bool useEnvironment, IReadOnlyList<string>? baseJson,
        string overridesSource)
    {
        foreach (var json in baseJson ?? [])
            yield return (new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build(), "in a built-in or saved config");
        if (file is not null) yield return (new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false).Build(), $"in '{file}'");
        if (useEnvironment)
            foreach (var (key, value) in EnvironmentLayer())
                yield return (new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build(),
                    $"from the environment variable {EnvironmentPrefix}{key.Replace(ConfigurationPath.KeyDelimiter, "__")}");
        yield return (new ConfigurationBuilder().AddInMemoryCollection(ExpandLists(overrides)!).Build(), overridesSource);
    }

    static string ReadConfigFile(string file, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException("--config", $"'{file}' cannot be read: {e.Message}");
        }
    }

    /// <summary>REALGANLAB_section__key=value as section:key (what AddEnvironmentVariables(prefix) reads), less <see cref="ReservedVariables"/>.</summary>
    static IEnumerable<KeyValuePair<string, string?>> EnvironmentLayer()
    {
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var name = (string)e.Key;
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) || IsReserved(name)) continue;
            yield return new(name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter), (string?)e.Value);
        }
    }

    /// <summary>Turns key=1,2 into key:0=1, key:1=2 for list-valued keys, so lists can be given on the command line.</summary>
    static IEnumerable<KeyValuePair<string, string>> ExpandLists(IReadOnlyDictionary<string, string> overrides)
    {
        foreach (var (key, value) in overrides)
        {
            var member = ConfigSchema.MemberFor(key);
            if (member is { IsList: true })
            {
                var parts = value.Trim('[', ']', ' ').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                for (int i = 0; i < parts.Length; i++) yield return new($"{key}:{i}", parts[i]);
            }
            else yield return new(key, value);
        }
    }
}
