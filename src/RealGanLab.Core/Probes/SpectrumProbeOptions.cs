namespace RealGanLab.Probes;

/// <summary>
/// How <see cref="SpectrumProbe"/> reads a spectrum: k eigenvalues of the kind <see cref="Which"/> names (LM, LR, LI),
/// Arnoldi's subspace, tolerance and restarts, and the parameter count up to which the dense Jacobian is taken instead.
/// </summary>
public sealed record SpectrumProbeOptions(int K, string Which, int Subspace, double Tol, int MaxRestarts, int DenseLimit);
