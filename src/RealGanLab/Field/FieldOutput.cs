using RealGanLab.Training;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Sweeps;

namespace RealGanLab.Field;

/// <summary>
/// A 'field' output directory as 'realganlab runs' lists it: recognised by what only 'field' writes (spectrum.json,
/// trajectory.csv), or by the tool's ownership marker of kind "field"; described by its game, rule and verdict.
/// </summary>
public static class FieldOutput
{
    public const string Kind = Output.OwnershipMarker.Field;

    /// <summary>Whether <paramref name="directory"/> holds the outputs of 'realganlab field'.</summary>
    public static bool Is(string directory)
    {
        if (Output.OwnershipMarker.Read(directory) is { } marker) return marker.Kind == Kind;
        return File.Exists(Path.Combine(directory, "spectrum.json")) || File.Exists(Path.Combine(directory, "trajectory.csv"));
    }

    /// <summary>
    /// Its state: completed (field writes its outputs into a staging folder and renames it when done, so a folder
    /// that exists is whole), the steps it ran, and "game · rule · verdict" from spectrum.json.
    /// </summary>
    public static RunState Read(string directory)
    {
        long? steps = null;
        try
        {
            steps = (long?)JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))?["config"]?["field"]?["steps"];
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or FormatException) { }
        string detail;
        try
        {
            var spectrum = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "spectrum.json")))!;
            var radius = (double?)spectrum["update_operator_spectral_radius"];
            detail = $"{(string?)spectrum["game"]} · {(string?)spectrum["rule"]} · {(string?)spectrum["continuous_time"]}" +
                (radius is double r ? string.Create(CultureInfo.InvariantCulture, $" · ρ(update) {r:0.####}") : "");
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            detail = "spectrum.json missing or unreadable";
        }
        return new RunState { Path = directory, Status = RunStatus.Completed, Step = steps, Steps = steps, Detail = detail };
    }
}
