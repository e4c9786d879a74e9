using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>The optimizer each player steps with; lrG/lrD give per-player rates (TTUR).</summary>
public sealed record OptimizerConfig
{
    [Description("Optimizer: sgd, adam, rmsprop.")]
    [Choice(NameKind.Optimizer)]
    public string Name { get; init; } = "sgd";

    [Description("Learning rate (step size h) of both players unless lrG / lrD are set.")]
    [Range(1e-300, double.MaxValue)]
    public double Lr { get; init; } = 0.1;

    [Description("Generator's learning rate (TTUR); default: lr.")]
    [Range(1e-300, double.MaxValue)]
    public double? LrG { get; init; }

    [Description("Discriminator's learning rate (TTUR); default: lr.")]
    [Range(1e-300, double.MaxValue)]
    public double? LrD { get; init; }

    [Description("Learning-rate schedule over train:steps: none, linear (to decayTo*lr at the last step), cosine (likewise).")]
    [Choice(NameKind.Schedule)]
    public string Decay { get; init; } = "none";

    [Description("Final learning rate as a fraction of the initial one (decay linear or cosine).")]
    [Range(0.0, 1.0)]
    public double DecayTo { get; init; } = 0.0;

    [Description("sgd/rmsprop momentum; negative values give negative momentum (Gidel et al. 2019).")]
    [Range(-0.999999, 0.999999)]
    public double Momentum { get; init; } = 0.0;

    [Description("adam: beta1.")]
    [Range(0.0, 0.999999)]
    public double Beta1 { get; init; } = 0.5;

    [Description("adam: beta2.")]
    [Range(0.0, 0.999999999)]
    public double Beta2 { get; init; } = 0.999;

    [Description("rmsprop: smoothing constant alpha.")]
    [Range(0.0, 0.999999999)]
    public double Alpha { get; init; } = 0.99;

    [Description("adam/rmsprop: epsilon.")]
    [Range(1e-300, 1.0)]
    public double Eps { get; init; } = 1e-8;
}
