namespace RealGanLab.Losses;

/// <summary>The loss families by name.</summary>
public static class LossFamilies
{
    static readonly Dictionary<string, Func<ILossFamily>> Factories = new()
    {
        ["minimax"] = () => new MinimaxLoss(),
        ["non-saturating"] = () => new NonSaturatingLoss(),
        ["wasserstein"] = () => new WassersteinLoss(),
        ["hinge"] = () => new HingeLoss(),
        ["least-squares"] = () => new LeastSquaresLoss(),
        ["density-ratio"] = () => new DensityRatioLoss(),
    };

    public static IReadOnlyList<string> Names { get; } = Factories.Keys.ToList();

    public static ILossFamily Create(string name) =>
        Factories.TryGetValue(name, out var create) ? create() : throw new ArgumentException($"unknown loss '{name}'");
}
