namespace RealGanLab.Probes;

/// <summary>
/// The potential and rotation parts of a Jacobian, J = S + A with S = ½(J + Jᵀ) and A = ½(J − Jᵀ) (Balduzzi et al. 2018,
/// "The mechanics of n-player differentiable games", §3: the potential and Hamiltonian parts of the game). The two are
/// orthogonal in the Frobenius inner product, so ‖J‖_F² = ‖S‖_F² + ‖A‖_F², and the rotation fraction ‖A‖_F/‖J‖_F is 0 for a
/// potential game (J symmetric) and 1 for a pure rotation (the bilinear game, the plain Dirac-GAN). The extreme eigenvalues of
/// S bound Re λ of every eigenvalue of J (Bendixson 1902), and S ≺ 0 certifies that the flow contracts in the Euclidean norm.
/// </summary>
/// <param name="Method">"dense" (exact, from the dense Jacobian) or "hutchinson" (Monte Carlo, with standard errors).</param>
/// <param name="SymmetricSquared">‖S‖_F².</param>
/// <param name="SymmetricSquaredError">Standard error of <paramref name="SymmetricSquared"/> (0 when exact).</param>
/// <param name="AntisymmetricSquared">‖A‖_F².</param>
/// <param name="AntisymmetricSquaredError">Standard error of <paramref name="AntisymmetricSquared"/> (0 when exact).</param>
/// <param name="RotationFraction">‖A‖_F / ‖J‖_F (NaN when J = 0).</param>
/// <param name="RotationFractionError">Its standard error (delta method on the ratio of means; 0 when exact).</param>
/// <param name="Samples">Hutchinson probe vectors (0 when exact).</param>
/// <param name="SymmetricMin">Smallest eigenvalue of S (NaN when not computed).</param>
/// <param name="SymmetricMax">Largest eigenvalue of S (NaN when not computed).</param>
/// <param name="SymmetricConverged">Whether the Lanczos run for S's extremes converged (true when exact).</param>
/// <param name="Products">J·u and Jᵀ·u products spent on the split and S's extremes.</param>
public sealed record FieldSplit(
    string Method,
    double SymmetricSquared, double SymmetricSquaredError,
    double AntisymmetricSquared, double AntisymmetricSquaredError,
    double RotationFraction, double RotationFractionError,
    int Samples,
    double SymmetricMin, double SymmetricMax, bool SymmetricConverged,
    int Products);
