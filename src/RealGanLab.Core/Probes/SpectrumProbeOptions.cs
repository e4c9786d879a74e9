namespace RealGanLab.Probes;

/// <summary>
/// How <see cref="SpectrumProbe"/> reads a spectrum: k eigenvalues of the kind <see cref="Which"/> names (LM, LR, LI),
/// Arnoldi's subspace, tolerance and restarts, and the parameter count up to which the dense Jacobian is taken instead;
/// for large games, the Hutchinson probe vectors of the potential/rotation split (<see cref="RotationSplit"/>; 0 = none)
/// and the Lanczos steps for the extreme eigenvalues of its symmetric part (0 = none).
/// </summary>
public sealed record SpectrumProbeOptions(int K, string Which, int Subspace, double Tol, int MaxRestarts, int DenseLimit,
    int HutchinsonSamples = 0, int SymmetricIterations = 0);
