using RealGanLab.Configuration;

namespace RealGanLab.Regularizers;

/// <summary>The regularizers switched on by a config (weight &gt; 0), built in one place.</summary>
public sealed record RegularizerSet(IReadOnlyList<IRegularizer> Terms, IInputTransform? Transform)
{
    /// <summary>Config keys of regularizers that need a GAN game (a discriminator with inputs).</summary>
    public static IReadOnlyList<string> Names { get; } = ["r1", "r2", "wganGp", "zeroGp", "mse", "instanceNoise"];

    public bool IsEmpty => Terms.Count == 0 && Transform is null;

    public bool NeedsMix => Terms.Any(t => t.NeedsMix);

    public bool NeedsNoise => Transform?.NeedsNoise ?? false;

    /// <summary>Names of the active regularizers, for titles and reports.</summary>
    public IEnumerable<string> Active => Terms.Select(t => $"{t.Name}={t.Weight:g4}")
        .Concat(Transform is InstanceNoise noise ? [$"instanceNoise={noise.Sigma:g4}"] : []);

    public static RegularizerSet From(RegularizerConfig c)
    {
        var terms = new List<IRegularizer>();
        if (c.R1 > 0) terms.Add(new R1Penalty(c.R1));
        if (c.R2 > 0) terms.Add(new R2Penalty(c.R2));
        if (c.WganGp > 0) terms.Add(new WganGradientPenalty(c.WganGp));
        if (c.ZeroGp > 0) terms.Add(new ZeroCenteredGradientPenalty(c.ZeroGp));
        if (c.Mse > 0) terms.Add(new AddedMse(c.Mse));
        IInputTransform? transform = c.InstanceNoise > 0 ? new InstanceNoise(c.InstanceNoise, c.InstanceNoiseAnneal) : null;
        return new RegularizerSet(terms, transform);
    }
}
