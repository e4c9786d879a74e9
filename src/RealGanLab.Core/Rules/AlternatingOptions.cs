using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Rules;

/// <summary>The options of <see cref="AlternatingGradientDescent"/> (keys rule:nDis and rule:order).</summary>
public sealed record AlternatingOptions
{
    [Description("discriminator steps per generator step.")]
    [Range(1, 1000)]
    public int NDis { get; init; } = 1;

    [Description("d-first (n_dis D steps, then G against the updated D) or g-first (G first, then n_dis D steps against the updated G).")]
    [Choice(NameKind.Order)]
    public string Order { get; init; } = "d-first";
}
