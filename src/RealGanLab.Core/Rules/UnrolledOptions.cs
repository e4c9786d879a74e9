using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Rules;

/// <summary>
/// The options of <see cref="UnrolledGan"/> (Metz et al. 2017): K, how D is unrolled, the step of plain-SGD
/// unrolling and the surrogate G descends. Keys rule:unrollSteps, rule:unrollOptimizer, rule:unrollLr, rule:surrogate.
/// </summary>
public sealed record UnrolledOptions
{
    [Description("K, the discriminator steps G looks ahead through (Metz et al. 2017; the first is D's real update).")]
    [Range(1, 1000)]
    public int UnrollSteps { get; init; } = 5;

    [Description("how D is unrolled: optimizer (D's own optimizer from its current state and learning rate, as Metz et al.'s code) or sgd (plain steps of size unrollLr).")]
    [Choice(NameKind.UnrollLookAhead)]
    public string UnrollOptimizer { get; init; } = "optimizer";

    [Description("step size of the unrolled steps with unrollOptimizer sgd; default: D's learning rate.")]
    [Range(1e-300, double.MaxValue)]
    public double? UnrollLr { get; init; }

    [Description("what G descends at the unrolled D: saddle (the game's value on real and fake data, as Metz et al.) or generator (G's own loss on fakes).")]
    [Choice(NameKind.UnrollSurrogate)]
    public string Surrogate { get; init; } = "saddle";
}
