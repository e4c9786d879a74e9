using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>
/// Real data of the neural 2-D game: a Gaussian mixture. The defaults are PacGAN's settings (Lin et al. 2018,
/// §5; docs/design.md §4): ring = 8 modes on the unit circle with std 0.01, grid = 25 modes at {−4,…,4}² with std 0.05.
/// </summary>
public sealed record DataConfig
{
    [Description("Dataset: ring, grid, or file (a JSON list of {\"mean\": [x, y], \"std\": s}) for game mlp; mnist or stacked-mnist (three digits as RGB, 1,000 modes) for games dcgan and compression.")]
    [Choice(NameKind.Dataset)]
    public string Name { get; init; } = "ring";

    [Description("file: path of the JSON mixture (relative to the working directory).")]
    public string? File { get; init; }

    [Description("ring: number of modes on the circle.")]
    [Range(1, 10_000)]
    public int Modes { get; init; } = 8;

    [Description("ring: radius of the circle.")]
    [Range(1e-9, 1e9)]
    public double Radius { get; init; } = 1.0;

    [Description("grid: modes per side (the grid is side x side).")]
    [Range(1, 1_000)]
    public int Side { get; init; } = 5;

    [Description("grid: distance between neighbouring modes (centred on 0).")]
    [Range(1e-9, 1e9)]
    public double Spacing { get; init; } = 2.0;

    [Description("Std of every mode (ring, grid); unset = the dataset's default (ring 0.01, grid 0.05).")]
    [Range(1e-12, 1e9)]
    public double? Std { get; init; }
}
