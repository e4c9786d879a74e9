namespace RealGanLab.Field;

/// <summary>The followed field at one grid point of the (θ, ψ) plane.</summary>
public sealed record FieldArrow(double X, double Y, double U, double V);
