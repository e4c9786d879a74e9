using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Configuration;

namespace RealGanLab.Training;

/// <summary>
/// A run's config.json read back as input (train --resume, probe, a sweep worker's resume): the saved config, validated,
/// and its provenance. Anything unexpected in the file — unreadable, empty, not JSON, not an object, no "config"
/// object, a config that no longer validates — is bad input naming the file and the fix, never a stack trace.
/// </summary>
public sealed record RunConfigFile(string Path, ExperimentConfig Config, string ConfigJson, JsonObject? Provenance)
{
    /// <summary>
    /// A saved run named on the command line (RUN_DIR of probe and export): the directory and its config.json's config
    /// with <paramref name="overrides"/> on top (no environment layer: the run's config is the saved one). A missing
    /// or empty RUN_DIR, one without config.json and a damaged config.json are bad input under RUN_DIR.
    /// </summary>
    public static (RunDirectory Run, ExperimentConfig Config) OpenSavedRun(string directory, IReadOnlyDictionary<string, string> overrides)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new BadInputException("RUN_DIR", "is empty; give a directory written by 'realganlab train'.");
        var run = new RunDirectory(directory);
        if (!File.Exists(run.Config))
            throw new BadInputException("RUN_DIR", $"'{directory}' has no config.json; give a directory written by 'realganlab train'.");
        var savedJson = Read(run, "RUN_DIR").ConfigJson;
        return (run, CommandConfig.Resolve(ConfigPurpose.Train, null, overrides, useEnvironment: false, savedJson));
    }

    /// <summary>Reads and validates <paramref name="run"/>'s config.json; problems are reported against <paramref name="option"/>.</summary>
    public static RunConfigFile Read(RunDirectory run, string option)
    {
        var path = run.Config;
        const string fix = "config.json is written by realganlab train and must not be edited: restore it from a copy, or start a new run with another --out.";
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(option, $"'{path}' cannot be read ({e.Message}). {fix}");
        }
        if (string.IsNullOrWhiteSpace(text)) throw new BadInputException(option, $"'{path}' is empty. {fix}");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new BadInputException(option, $"'{path}' does not hold a JSON object. {fix}");
        }
        catch (JsonException e)
        {
            throw new BadInputException(option, $"'{path}' is not valid JSON ({e.Message}). {fix}");
        }
        if (root["config"] is not JsonObject saved) throw new BadInputException(option, $"'{path}' has no \"config\" object. {fix}");
        var json = saved.ToJsonString();
        ExperimentConfig config;
        try
        {
            config = CommandConfig.Resolve(ConfigPurpose.Train, null, new Dictionary<string, string>(), useEnvironment: false, json);
        }
        catch (BadInputException e)
        {
            throw new BadInputException(option, $"'{path}' holds a config that does not validate ({e.Message}). {fix}");
        }
        return new RunConfigFile(path, config, json, root["provenance"] as JsonObject);
    }
}
