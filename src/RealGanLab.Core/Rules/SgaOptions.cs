using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Rules;

/// <summary>The options of <see cref="SymplecticGradientAdjustment"/> (keys rule:lambda and rule:align; Balduzzi et al. 2018, Alg. 1).</summary>
public sealed record SgaOptions
{
    [Description("weight lambda of the antisymmetric adjustment.")]
    [Range(0.0, double.MaxValue)]
    public double Lambda { get; init; } = 1.0;

    [Description("choose the sign of lambda by the alignment criterion (Balduzzi et al. 2018, Alg. 1).")]
    public bool Align { get; init; } = true;
}
