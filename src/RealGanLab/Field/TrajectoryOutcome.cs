namespace RealGanLab.Field;

/// <summary>What a trajectory did, judged from its distance to the equilibrium (see <see cref="TrajectoryVerdict"/>).</summary>
public enum TrajectoryOutcome
{
    /// <summary>Ends within 5 % of its starting distance to the equilibrium.</summary>
    Converges,

    /// <summary>Ends at a different equilibrium of the game.</summary>
    ConvergesElsewhere,

    /// <summary>Ends at least 1.5× as far from the equilibrium as it started, or leaves the finite numbers.</summary>
    Diverges,

    /// <summary>Stays at a comparable distance: neither converges nor diverges.</summary>
    Bounded,

    /// <summary>Stops moving at a point where v ≠ 0 (a spurious attractor of the followed field).</summary>
    Stalls,
}
