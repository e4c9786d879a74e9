namespace RealGanLab;

/// <summary>
/// The members of one kind of choice (loss family, rule, estimator, …) by name: one registry per kind,
/// one entry per implementation. Unknown names fail with the valid ones listed.
/// </summary>
public sealed class Registry<T>(string kind, IReadOnlyDictionary<string, T> entries)
{
    public string Kind { get; } = kind;

    /// <summary>Valid names, in registration order.</summary>
    public IReadOnlyList<string> Names { get; } = entries.Keys.ToList();

    public T this[string name] => entries.TryGetValue(name, out var entry)
        ? entry
        : throw new ArgumentException($"unknown {Kind} '{name}'. {DidYouMean.Hint(name, Names.ToList())}");
}
