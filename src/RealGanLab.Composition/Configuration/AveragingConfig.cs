using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>
/// Averages of the generator's iterates kept beside G and evaluated next to it (Yazıcı et al. 2019, "The unusual
/// effectiveness of averaging in GAN training"): the exponential moving average θ_EMA ← β θ_EMA + (1 − β) θ and the
/// uniform moving average θ_MA = mean of the iterates since a start step. Both off by default; both may be on.
/// </summary>
public sealed record AveragingConfig
{
    [Description("Keep the exponential moving average of G's parameters and evaluate it every epoch (keys ema/...).")]
    public bool Ema { get; init; }

    [Description("EMA decay β in θ_EMA ← β θ_EMA + (1 − β) θ; must be < 1 (Yazıcı et al. 2019 use 0.999 / 0.9999).")]
    [Range(0.0, 1.0)]
    public double EmaBeta { get; init; } = 0.999;

    [Description("The EMA starts at the iterate after this many steps (θ_EMA = θ_start), then follows every step; < train:steps.")]
    [Range(0, int.MaxValue)]
    public int EmaStart { get; init; }

    [Description("Keep the uniform average of G's iterates from uniformStart on and evaluate it every epoch (keys uniform/...).")]
    public bool Uniform { get; init; }

    [Description("The uniform average takes the iterates after uniformStart, uniformStart + 1, … steps; < train:steps.")]
    [Range(0, int.MaxValue)]
    public int UniformStart { get; init; }
}
