using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>Settings of the 'field' command (trajectory of an analytic game under a rule).</summary>
public sealed record FieldConfig
{
    [Description("Number of update steps.")]
    [Range(1, 100_000_000)]
    public int Steps { get; init; } = 2000;

    [Description("Arrows per axis in field.png.")]
    [Range(3, 200)]
    public int Grid { get; init; } = 21;
}
