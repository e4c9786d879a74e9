using RealGanLab.Losses;
using RealGanLab.Configuration;

namespace RealGanLab.Composition;

/// <summary>The loss families by name.</summary>
public static class LossFamilies
{
    static readonly Registry<Func<ILossFamily>> Registry = new("loss", new Dictionary<string, Func<ILossFamily>>
    {
        ["minimax"] = () => new MinimaxLoss(),
        ["non-saturating"] = () => new NonSaturatingLoss(),
        ["wasserstein"] = () => new WassersteinLoss(),
        ["hinge"] = () => new HingeLoss(),
        ["least-squares"] = () => new LeastSquaresLoss(),
        ["density-ratio"] = () => new DensityRatioLoss(),
    });

    public static IReadOnlyList<string> Names => Registry.Names;

    public static ILossFamily Create(string name) => Registry[name]();
}
