using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>Regularizer weights; 0 switches a regularizer off. Each weight is applied in one place (the game).</summary>
public sealed record RegularizerConfig
{
    [Description("R1: gamma of (gamma/2) E||grad_x D(x_real)||^2 on D (Mescheder et al. 2018).")]
    [Range(0.0, double.MaxValue)]
    public double R1 { get; init; }

    [Description("R2: gamma of (gamma/2) E||grad_x D(x_fake)||^2 on D.")]
    [Range(0.0, double.MaxValue)]
    public double R2 { get; init; }

    [Description("WGAN-GP: lambda of lambda E(||grad D(x_hat)|| - 1)^2 on interpolates (Gulrajani et al. 2017).")]
    [Range(0.0, double.MaxValue)]
    public double WganGp { get; init; }

    [Description("Zero-centred GP: lambda of lambda E||grad D(x_hat)||^2 on interpolates (Thanh-Tung et al. 2019).")]
    [Range(0.0, double.MaxValue)]
    public double ZeroGp { get; init; }

    [Description("Added MSE: mu of mu E||G(z) - target||^2 on G (target: the paired real sample).")]
    [Range(0.0, double.MaxValue)]
    public double Mse { get; init; }

    [Description("Instance noise: std sigma of the Gaussian noise added to D's inputs (Sonderby et al. 2017).")]
    [Range(0.0, double.MaxValue)]
    public double InstanceNoise { get; init; }

    [Description("Instance noise: anneal sigma linearly to 0 over this many steps (0 = constant).")]
    [Range(0, int.MaxValue)]
    public int InstanceNoiseAnneal { get; init; }
}
