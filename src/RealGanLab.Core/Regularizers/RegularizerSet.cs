namespace RealGanLab.Regularizers;

/// <summary>The regularizers a game adds to its players' losses, and the input transform D's inputs go through.</summary>
public sealed record RegularizerSet(IReadOnlyList<IRegularizer> Terms, IInputTransform? Transform)
{
    /// <summary>No regularizer and no transform.</summary>
    public static RegularizerSet None { get; } = new([], null);

    public bool IsEmpty => Terms.Count == 0 && Transform is null;

    public bool NeedsMix => Terms.Any(t => t.NeedsMix);

    public bool NeedsPerturbation => Terms.Any(t => t.NeedsPerturbation);

    public bool NeedsNoise => Transform?.NeedsNoise ?? false;

    /// <summary>Names of the active regularizers, for titles and reports.</summary>
    public IEnumerable<string> Active => Terms.Select(t => $"{t.Name}={t.Weight:g4}")
        .Concat(Transform is InstanceNoise noise ? [$"instanceNoise={noise.Sigma:g4}"] : []);
}
