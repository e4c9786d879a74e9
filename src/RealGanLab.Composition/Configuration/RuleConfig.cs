using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>The update rule and its own settings.</summary>
public sealed record RuleConfig
{
    [Description("Update rule.")]
    [Choice(NameKind.Rule)]
    public string Name { get; init; } = "simgd";

    [Description("altgd: discriminator steps per generator step.")]
    [Range(1, 1000)]
    public int NDis { get; init; } = 1;

    [Description("altgd: d-first (n_dis D steps, then G against the updated D) or g-first (G first, then n_dis D steps against the updated G).")]
    [Choice(NameKind.Order)]
    public string Order { get; init; } = "d-first";

    [Description("consensus: weight gamma of the ||v||^2/2 term (follows v - gamma * grad L).")]
    [Range(0.0, double.MaxValue)]
    public double Gamma { get; init; } = 1.0;

    [Description("consensus: estimator of ||E v||^2: batch, per_sample (biased), split, ustat (unbiased).")]
    [Choice(NameKind.Estimator)]
    public string Estimator { get; init; } = "batch";

    [Description("unrolled: K, the discriminator steps G looks ahead through (Metz et al. 2017; the first is D's real update).")]
    [Range(1, 1000)]
    public int UnrollSteps { get; init; } = 5;

    [Description("unrolled: how D is unrolled: optimizer (D's own optimizer from its current state and learning rate, as Metz et al.'s code) or sgd (plain steps of size unrollLr).")]
    [Choice(NameKind.UnrollLookAhead)]
    public string UnrollOptimizer { get; init; } = "optimizer";

    [Description("unrolled: step size of the unrolled steps with unrollOptimizer sgd; default: D's learning rate.")]
    [Range(1e-300, double.MaxValue)]
    public double? UnrollLr { get; init; }

    [Description("unrolled: what G descends at the unrolled D: saddle (the game's value on real and fake data, as Metz et al.) or generator (G's own loss on fakes).")]
    [Choice(NameKind.UnrollSurrogate)]
    public string Surrogate { get; init; } = "saddle";

    [Description("sga: weight lambda of the antisymmetric adjustment.")]
    [Range(0.0, double.MaxValue)]
    public double Lambda { get; init; } = 1.0;

    [Description("sga: choose the sign of lambda by the alignment criterion (Balduzzi et al. 2018, Alg. 1).")]
    public bool Align { get; init; } = true;
}
