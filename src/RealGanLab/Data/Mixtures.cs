using System.Text.Json;
using RealGanLab.Configuration;

namespace RealGanLab.Data;

/// <summary>The 2-D mixtures by name (DESIGN.md §4: PacGAN's ring and grid), plus mixtures read from a JSON file.</summary>
public static class Mixtures
{
    static readonly Registry<Func<DataConfig, GaussianMixture>> Registry = new("dataset", new Dictionary<string, Func<DataConfig, GaussianMixture>>
    {
        ["ring"] = c => Ring(c.Modes, c.Radius, c.Std ?? 0.01),
        ["grid"] = c => Grid(c.Side, c.Spacing, c.Std ?? 0.05),
        ["file"] = c => FromFile(c.File ?? throw new ConfigException("data:file", "is required when data:name is 'file' (a JSON list of {\"mean\": [x, y], \"std\": s})")),
    });

    public static IReadOnlyList<string> Names => Registry.Names;

    public static GaussianMixture Create(DataConfig config) => Registry[config.Name](config);

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

    /// <summary>Reads [{"mean": [x, y], "std": s}, …]; problems are reported against data:file.</summary>
    public static GaussianMixture FromFile(string path)
    {
        if (!System.IO.File.Exists(path))
            throw new ConfigException("data:file", $"'{path}' does not exist. Give a JSON list like [{{\"mean\": [0, 1], \"std\": 0.05}}, …].");
        try
        {
            var modes = JsonSerializer.Deserialize<List<ModeSpec>>(System.IO.File.ReadAllText(path),
                new JsonSerializerOptions { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
                ?? throw new ConfigException("data:file", $"'{path}' is empty");
            if (modes.Any(m => m.Mean is null))
                throw new ConfigException("data:file", $"'{path}': every mode needs \"mean\": [x, y]");
            return new GaussianMixture(Path.GetFileNameWithoutExtension(path), modes.Select(m => m.Mean!).ToList(), modes.Select(m => m.Std).ToList());
        }
        catch (JsonException e)
        {
            throw new ConfigException("data:file", $"'{path}' is not a JSON list of {{\"mean\": [x, y], \"std\": s}}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new ConfigException("data:file", $"'{path}': {e.Message}");
        }
    }

    sealed record ModeSpec(double[]? Mean, double Std);
}
