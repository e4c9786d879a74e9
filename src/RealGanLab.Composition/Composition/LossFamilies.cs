using RealGanLab.Losses;

namespace RealGanLab.Composition;

/// <summary>
/// Every loss family, one entry each: game:loss's valid names, `realganlab methods` and both smoke matrices read this
/// list. A family gives the payoffs f1 (D on real data), f2 (D on fakes) and f3 (G on fakes) of D's output t.
/// </summary>
public static class LossFamilies
{
    public static IReadOnlyList<LossEntry> Entries { get; } =
    [
        new("minimax", "The original GAN loss (Goodfellow et al. 2014, eq. 1) on logits: f1 = log sigma(t), f2 = log(1 - sigma(t)), f3 = -f2.",
            () => new MinimaxLoss()),
        new("non-saturating", "Non-saturating GAN loss (Goodfellow et al. 2014, §3): D as minimax, G maximises log sigma(t).",
            () => new NonSaturatingLoss()),
        new("wasserstein", "Wasserstein GAN (Arjovsky et al. 2017, eq. 3): f1 = t, f2 = -t, f3 = t.", () => new WassersteinLoss()),
        new("hinge", "Hinge loss (Lim & Ye 2017; Miyato et al. 2018): f1 = -max(0, 1 - t), f2 = -max(0, 1 + t), f3 = t.", () => new HingeLoss()),
        new("least-squares", "Least-squares GAN (Mao et al. 2017, a = 0, b = c = 1): f1 = -(t - 1)^2/2, f2 = -t^2/2, f3 = -(t - 1)^2/2.",
            () => new LeastSquaresLoss()),
        new("density-ratio", "D estimates the density ratio p_g/p_d: f1 = -t^2/2, f2 = t, f3 = -t; globally stable point-wise field.",
            () => new DensityRatioLoss()),
    ];

    static readonly Registry<LossEntry> Registry = new("loss", Entries.ToDictionary(e => e.Name));

    public static IReadOnlyList<string> Names => Registry.Names;

    public static ILossFamily Create(string name) => Registry[name].Create();
}
