using RealGanLab.Games;


namespace RealGanLab.Configuration;

/// <summary>
/// The one place where the layers of a command's configuration are put together, so that 'config' prints exactly
/// what 'train' or 'field' would run: the command's defaults, then a base (a sweep member's or a saved run's config),
/// the file, the environment and the overrides.
/// </summary>
public static class CommandConfig
{
    /// <summary>Loads, validates and binds the configuration <paramref name="purpose"/> would run with. Throws <see cref="BadInputException"/>.</summary>
    /// <param name="baseJson">A resolved config layered between the command's defaults and the file (a sweep member's, or a saved run's on resume).</param>
    /// <param name="overridesSource">Where the overrides come from, for messages (a sweep's are from its file).</param>
    public static ExperimentConfig Resolve(ConfigPurpose purpose, string? file, IReadOnlyDictionary<string, string> overrides,
        bool useEnvironment = true, string? baseJson = null, string overridesSource = "on the command line")
    {
        var layers = new List<string>();
        if (purpose == ConfigPurpose.Train) layers.Add(TrainDefaults.Json);
        if (baseJson is not null) layers.Add(baseJson);
        return ConfigLoader.Load(file, overrides, useEnvironment, layers, overridesSource);
    }

    /// <summary>
    /// The command a file and overrides are meant for: 'field' when they name an analytic game (dirac, bilinear, …),
    /// else 'train' (whose built-in default is the ring, so no game at all means train).
    /// </summary>
    public static ConfigPurpose PurposeOf(string? file, IReadOnlyDictionary<string, string> overrides, bool useEnvironment = true)
    {
        var game = ConfigLoader.Build(file, overrides, useEnvironment)["game:name"];
        return game is not null && GameFactory.Names.Contains(game, StringComparer.OrdinalIgnoreCase) && !GameFactory.IsNeural(game.ToLowerInvariant())
            ? ConfigPurpose.Field
            : ConfigPurpose.Train;
    }
}
