namespace RealGanLab.Field;

/// <summary>Classifies a trajectory by its distances to the equilibria, with a sentence that says why.</summary>
public static class TrajectoryVerdict
{
    /// <summary>Fraction of the starting distance below which a trajectory counts as converged.</summary>
    public const double ConvergedFraction = 0.05;

    /// <summary>Growth of the distance above which a trajectory counts as diverging.</summary>
    public const double DivergedFactor = 1.5;

    public static (TrajectoryOutcome Outcome, string Summary) Judge(
        IReadOnlyList<TrajectoryPoint> trajectory, double[] target, IReadOnlyList<double[]> equilibria, bool finite)
    {
        var first = trajectory[0];
        var last = trajectory[^1];
        // A run that starts at the equilibrium is judged against an absolute floor, not rounding noise.
        double d0 = Math.Max(first.Distance, 1e-9);
        if (!finite)
            return (TrajectoryOutcome.Diverges, $"diverges: the state left the finite numbers at step {last.Step}");
        double ratio = last.Distance / d0;
        if (ratio <= ConvergedFraction)
            return (TrajectoryOutcome.Converges, $"converges: distance to the equilibrium fell from {first.Distance:g4} to {last.Distance:g4} in {last.Step} steps");
        var nearest = equilibria.MinBy(e => Games.GameState.Distance(e, last.State))!;
        double nearestDistance = Games.GameState.Distance(nearest, last.State);
        if (nearestDistance <= ConvergedFraction * d0)
            return (TrajectoryOutcome.ConvergesElsewhere, $"converges to another equilibrium ({Format(nearest)}), distance {nearestDistance:g4}");
        if (ratio >= DivergedFactor)
            return (TrajectoryOutcome.Diverges, $"moves away from the equilibrium: distance grew from {first.Distance:g4} to {last.Distance:g4} (×{ratio:g3}) in {last.Step} steps");
        double fieldNorm = Math.Sqrt(last.FieldNorms.Sum(n => n * n));
        if (Settled(trajectory) && fieldNorm > 1e-3)
            return (TrajectoryOutcome.Stalls, $"stalls at ({Format(last.State)}) where ‖v‖ = {fieldNorm:g4} ≠ 0: a spurious attractor of the followed field");
        double max = trajectory.Max(p => p.Distance);
        return (TrajectoryOutcome.Bounded, $"neither converges nor diverges: distance {first.Distance:g4} → {last.Distance:g4} (×{ratio:g3}), at most {max:g4}");
    }

    /// <summary>True when the last tenth of the trajectory hardly moved.</summary>
    static bool Settled(IReadOnlyList<TrajectoryPoint> trajectory)
    {
        if (trajectory.Count < 20) return false;
        var a = trajectory[trajectory.Count * 9 / 10].State;
        var b = trajectory[^1].State;
        double scale = Math.Max(1.0, Math.Sqrt(b.Sum(x => x * x)));
        return Games.GameState.Distance(a, b) <= 1e-6 * scale;
    }

    static string Format(double[] x) => string.Join(", ", x.Take(4).Select(v => v.ToString("g4"))) + (x.Length > 4 ? ", …" : "");
}
