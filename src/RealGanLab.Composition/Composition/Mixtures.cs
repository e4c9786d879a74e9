using RealGanLab.Data;
using System.Text.Json;
using RealGanLab.Configuration;

namespace RealGanLab.Composition;

/// <summary>
/// The 2-D mixtures' geometry (docs/design.md §4: PacGAN's ring and grid) and mixtures read from a JSON file; which
/// name builds which is in <see cref="Datasets"/>.
/// </summary>
public static class Mixtures
{
    /// <summary>The names of the 2-D datasets, in registry order.</summary>
    public static IReadOnlyList<string> Names => [.. Datasets.Entries.Where(e => e.Mixture is not null).Select(e => e.Name)];

    /// <summary>The mixture data:name names, built from the data section; an image dataset or unknown name fails naming data:name.</summary>
    public static GaussianMixture Create(DataConfig config) => Datasets.Get(config.Name).Mixture?.Invoke(config)
        ?? throw new BadInputException("data:name", $"'{config.Name}' is an image dataset; the 2-D game takes {string.Join(", ", Names)}.");

    /// <summary>Modes at angles 2πk/K on a circle, as in Metz et al. (2017) and PacGAN.</summary>
    public static GaussianMixture Ring(int modes, double radius, double std)
    {
        var means = Enumerable.Range(0, modes)
            .Select(k => new[] { radius * Math.Cos(2 * Math.PI * k / modes), radius * Math.Sin(2 * Math.PI * k / modes) })
            .ToArray();
        return new GaussianMixture("ring", means, Enumerable.Repeat(std, modes).ToArray());
    }

    /// <summary>A side × side grid centred on 0: side 5, spacing 2 gives {−4, −2, 0, 2, 4}².</summary>
    public static GaussianMixture Grid(int side, double spacing, double std)
    {
        double offset = (side - 1) * spacing / 2;
        var means = (from i in Enumerable.Range(0, side)
                     from j in Enumerable.Range(0, side)
                     select new[] { i * spacing - offset, j * spacing - offset }).ToArray();
        return new GaussianMixture("grid", means, Enumerable.Repeat(std, means.Length).ToArray());
    }

    /// <summary>
    /// Reads [{"mean": [x, y], "std": s}, …]: a non-empty list of 2-D modes, each with two finite coordinates and a
    /// positive, finite std (the modes are equally weighted). Every problem is reported against data:file with the
    /// file, the entry's index and the fix, before any network is built or anything written.
    /// </summary>
    public static GaussianMixture FromFile(string path)
    {
        if (!System.IO.File.Exists(path))
            throw new BadInputException("data:file", $"'{path}' does not exist. Give a JSON list like [{{\"mean\": [0, 1], \"std\": 0.05}}, …].");
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException("data:file", $"'{path}' cannot be read: {e.Message}");
        }
        StrictJson.Check(text, path, "data:file", JsonValueKind.Array, Example);
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var entries = document.RootElement.EnumerateArray().ToList();
        if (entries.Count == 0) throw new BadInputException("data:file", $"'{path}' lists no modes; it must be {Example}.");
        var means = new List<double[]>();
        var stds = new List<double>();
        var issues = new List<InputIssue>();
        for (int i = 0; i < entries.Count; i++)
        {
            if (ReadMode(entries[i], out var problem) is { } mode)
            {
                means.Add(mode.Mean);
                stds.Add(mode.Std);
            }
            else issues.Add(new InputIssue("data:file", $"'{path}', entry {i}: {problem}"));
        }
        if (issues.Count > 0) throw new BadInputException(issues);
        return new GaussianMixture(Path.GetFileNameWithoutExtension(path), means, stds);
    }

    const string Example = "a JSON list of 2-D modes, e.g. [{\"mean\": [0, 1], \"std\": 0.05}, {\"mean\": [1, 0], \"std\": 0.05}]";

    /// <summary>One entry of a mixture file, or null with what is wrong and how to fix it.</summary>
    static (double[] Mean, double Std)? ReadMode(JsonElement entry, out string problem)
    {
        problem = "";
        if (entry.ValueKind != JsonValueKind.Object)
        {
            problem = $"is {StrictJson.Describe(entry.ValueKind)}; each entry must be an object like {{\"mean\": [0, 1], \"std\": 0.05}}.";
            return null;
        }
        foreach (var property in entry.EnumerateObject())
            if (!string.Equals(property.Name, "mean", StringComparison.OrdinalIgnoreCase) && !string.Equals(property.Name, "std", StringComparison.OrdinalIgnoreCase))
            {
                problem = $"has the unknown key '{property.Name}'; a mode has only \"mean\": [x, y] and \"std\": s (modes are equally weighted).";
                return null;
            }
        var mean = Property(entry, "mean");
        if (mean is not { ValueKind: JsonValueKind.Array } list)
        {
            problem = mean is null ? "has no \"mean\"; add \"mean\": [x, y]." : $"\"mean\" is {StrictJson.Describe(mean.Value.ValueKind)}; write \"mean\": [x, y].";
            return null;
        }
        var coordinates = list.EnumerateArray().ToList();
        if (coordinates.Count != 2)
        {
            problem = $"\"mean\" has {coordinates.Count} coordinate{(coordinates.Count == 1 ? "" : "s")}; the mixtures of game mlp are 2-D, so write \"mean\": [x, y].";
            return null;
        }
        if (coordinates.Any(c => c.ValueKind != JsonValueKind.Number || !c.TryGetDouble(out var x) || !double.IsFinite(x)))
        {
            problem = "\"mean\" must hold two finite numbers, e.g. [0.5, -1].";
            return null;
        }
        var std = Property(entry, "std");
        if (std is not { ValueKind: JsonValueKind.Number } number || !number.TryGetDouble(out var s) || !double.IsFinite(s) || s <= 0)
        {
            problem = std is null ? "has no \"std\"; add \"std\": s with s > 0 (e.g. 0.05)."
                : $"\"std\" is {Show(std.Value)}; it must be a finite number > 0, e.g. 0.05.";
            return null;
        }
        return (coordinates.Select(c => c.GetDouble()).ToArray(), s);
    }

    static JsonElement? Property(JsonElement entry, string name)
    {
        foreach (var property in entry.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }

    static string Show(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetRawText() : StrictJson.Describe(value.ValueKind);
}
