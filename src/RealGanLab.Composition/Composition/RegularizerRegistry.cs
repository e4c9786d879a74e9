using RealGanLab.Configuration;
using RealGanLab.Regularizers;

namespace RealGanLab.Composition;

/// <summary>
/// Every regularizer, one line each: the keys of the "regularizers" section, their validation and descriptions
/// (`config --keys`), the capability checks against the game, and the smoke matrices all come from this list.
/// Adding a regularizer is its class plus one line here. The order is the order of the terms in the loss.
/// </summary>
public static class RegularizerRegistry
{
    public static IReadOnlyList<RegularizerEntry> Entries { get; } =
    [
        new("r1", "R1: gamma of (gamma/2) E||grad_x D(x_real)||^2 on D (Mescheder et al. 2018).",
            RegularizerNeeds.DiscriminatorOnData, Term: c => new R1Penalty(c["r1"])),
        new("r2", "R2: gamma of (gamma/2) E||grad_x D(x_fake)||^2 on D.",
            RegularizerNeeds.DiscriminatorOnData, Term: c => new R2Penalty(c["r2"])),
        new("wganGp", "WGAN-GP: lambda of lambda E(||grad D(x_hat)|| - 1)^2 on interpolates (Gulrajani et al. 2017).",
            RegularizerNeeds.DiscriminatorOnData, Term: c => new WganGradientPenalty(c["wganGp"])),
        new("zeroGp", "Zero-centred GP: lambda of lambda E||grad D(x_hat)||^2 on interpolates (Thanh-Tung et al. 2019).",
            RegularizerNeeds.DiscriminatorOnData, Term: c => new ZeroCenteredGradientPenalty(c["zeroGp"])),
        new("dragan", "DRAGAN: lambda of lambda E(||grad D(x_hat)|| - 1)^2 around perturbed real samples (Kodali et al. 2017).",
            RegularizerNeeds.DiscriminatorOnData, Term: c => new DraganPenalty(c["dragan"])),
        new("mse", "Added MSE: mu of mu E||G(z) - target||^2 on G (target: the paired real sample).",
            RegularizerNeeds.DiscriminatorOnData | RegularizerNeeds.PairedTarget, Term: c => new AddedMse(c["mse"])),
        new("instanceNoise", "Instance noise: std sigma of the Gaussian noise added to D's inputs (Sonderby et al. 2017).",
            RegularizerNeeds.DiscriminatorOnData, Transform: c => new InstanceNoise(c["instanceNoise"], (int)c["instanceNoiseAnneal"]),
            Options: [new("instanceNoiseAnneal", typeof(int), "Instance noise: anneal sigma linearly to 0 over this many steps (0 = constant).", 0, int.MaxValue)]),
    ];

    /// <summary>Every key of the "regularizers" section, in order.</summary>
    public static IReadOnlyList<RegistryKey> Keys { get; } = Entries.SelectMany(e => e.Keys).ToList();

    /// <summary>The entries switched on by a section (weight &gt; 0).</summary>
    public static IEnumerable<RegularizerEntry> Active(RegularizerConfig c) => Entries.Where(e => c[e.Key] > 0);

    /// <summary>The regularizers a section switches on, built in registry order.</summary>
    public static RegularizerSet Create(RegularizerConfig c)
    {
        var active = Active(c).ToList();
        var terms = active.Where(e => e.Term is not null).Select(e => e.Term!(c)).ToList();
        var transforms = active.Where(e => e.Transform is not null).Select(e => e.Transform!(c)).ToList();
        if (transforms.Count > 1)
            throw new BadInputException("regularizers", $"{string.Join(" and ", active.Where(e => e.Transform is not null).Select(e => e.Key))} both transform D's inputs; switch one off.");
        return new RegularizerSet(terms, transforms.SingleOrDefault());
    }
}
