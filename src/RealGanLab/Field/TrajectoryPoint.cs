namespace RealGanLab.Field;

/// <summary>The state x_t at a step, its distance to the equilibrium, ‖v‖ per player and the losses there.</summary>
public sealed record TrajectoryPoint(long Step, double[] State, double Distance, double[] FieldNorms, double[] Losses);
