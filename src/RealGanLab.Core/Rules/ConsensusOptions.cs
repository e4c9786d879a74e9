using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Rules;

/// <summary>
/// The options of <see cref="ConsensusOptimization"/> (keys rule:gamma and rule:estimator): γ of Mescheder et al.
/// 2017, eq. 9, and the name of the minibatch estimator of ‖v‖² whose gradient the rule follows.
/// </summary>
public sealed record ConsensusOptions
{
    [Description("weight gamma of the ||v||^2/2 term (follows v - gamma * grad L).")]
    [Range(0.0, double.MaxValue)]
    public double Gamma { get; init; } = 1.0;

    [Description("estimator of ||E v||^2: batch, per_sample (biased), split, ustat (unbiased).")]
    [Choice(NameKind.Estimator)]
    public string Estimator { get; init; } = "batch";
}
