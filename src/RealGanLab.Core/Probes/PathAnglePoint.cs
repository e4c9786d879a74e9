namespace RealGanLab.Probes;

/// <summary>
/// One point θ(α) = θ_A + α(θ_B − θ_A) of a path-angle scan: cos ∠(v(θ(α)), θ_B − θ_A) for the whole field and for each
/// player's block (v_i against that player's part of the direction), ‖v‖, and each player's loss (empty for games
/// defined by their field alone). NaN where v or the direction vanishes.
/// </summary>
public sealed record PathAnglePoint(double Alpha, double Cosine, double[] PlayerCosines, double FieldNorm, double[] Losses);
