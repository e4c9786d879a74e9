namespace RealGanLab.Games;

/// <summary>A small game whose equilibria are known in closed form (docs/design.md §2).</summary>
public interface IAnalyticGame : IGame
{
    /// <summary>Known equilibria (rest points of v) as flat state vectors.</summary>
    IReadOnlyList<double[]> Equilibria { get; }

    /// <summary>Where trajectories start unless the config says otherwise.</summary>
    double[] DefaultStart { get; }

    /// <summary>Axis labels of the state coordinates, e.g. "θ (G)", "ψ (D)".</summary>
    IReadOnlyList<string> CoordinateNames { get; }
}
