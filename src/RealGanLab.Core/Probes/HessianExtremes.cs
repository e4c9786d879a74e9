using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// The extreme eigenvalues of each player's own Hessian, H_GG = ∂²L_G/∂θ² and H_DD = ∂²L_D/∂ψ², by Lanczos
/// (<see cref="LanczosEigensolver"/>) on products with the diagonal blocks of the field's Jacobian: since
/// v = (−∇θ L_G, −∇ψ L_D) (docs/design.md §1), H_ii = −J_ii, and H_ii u = −(J·[0, u, 0])_i costs one double-VJP
/// product of the shared <see cref="FieldJacobian"/>.
/// Why these matter: a local Nash equilibrium needs H_GG ⪰ 0 and H_DD ⪰ 0 (each player at a local minimum of
/// its own loss), and a negative Min says which player is not. For a zero-sum game (L_D = −L_G) the
/// off-diagonal blocks of J cancel in its symmetric part ½(J + Jᵀ) = −diag(H_GG, H_DD), so every eigenvalue
/// of J has Re λ ∈ [−max(Max_G, Max_D), −min(Min_G, Min_D)] (Bendixson 1902): strictly positive definite
/// blocks make simultaneous gradient flow locally stable, and blocks with Min ≈ 0 leave only the rotation
/// that Mescheder, Nowozin, Geiger 2017 ("The Numerics of GANs") identify as the reason GAN training
/// oscillates. Nagarajan and Kolter 2017 ("Gradient descent GAN optimization is locally stable") prove
/// stability from the discriminator's objective being strictly concave at equilibrium, i.e. H_DD ≻ 0 in the
/// loss convention used here (L_D is what D minimises), together with a full-rank off-diagonal block.
/// </summary>
public static class HessianExtremes
{
    /// <param name="jacobian">Jacobian of the game's own field v, not of a rule's effective field: the diagonal
    /// blocks of the latter (e.g. consensus) need not be symmetric, and Lanczos needs a symmetric operator.</param>
    public static IReadOnlyList<PlayerHessianExtremes> Compute(FieldJacobian jacobian, IReadOnlyList<Player> players, LanczosOptions options)
    {
        foreach (var player in players)
        {
            if (player.Count < 1 || player.Offset < 0 || player.Offset + player.Count > jacobian.Size)
                throw new ArgumentException(
                    $"player {player.Name} (offset {player.Offset}, {player.Count} parameters) does not fit a field of size {jacobian.Size}");
        }
        var result = new List<PlayerHessianExtremes>();
        foreach (var player in players)
        {
            using var scope = NewDisposeScope();
            var r = LanczosEigensolver.Solve(u => Block(jacobian, player, u), player.Count, options, jacobian.Dtype, jacobian.Device);
            result.Add(new PlayerHessianExtremes(player.Name, r.Min, r.Max, r.MinResidual, r.MaxResidual, r.Iterations, r.Products,
                r.Exhausted, r.Converged));
        }
        return result;
    }

    /// <summary>
    /// Stochastic Lanczos quadrature of each player's Hessian (<see cref="StochasticLanczosQuadrature"/>), from the same
    /// products as <see cref="Compute"/>: its spectral density, as PyHessian draws it.
    /// </summary>
    public static IReadOnlyList<(string Player, SpectralDensity Density)> Densities(FieldJacobian jacobian, IReadOnlyList<Player> players,
        int vectors, int steps, long seed) =>
        players.Select(p => (p.Name, StochasticLanczosQuadrature.Estimate(u => Block(jacobian, p, u), p.Count, vectors, steps, seed, jacobian.Dtype, jacobian.Device)))
            .ToList();

    /// <summary>H_ii u = −(J·embed(u)) restricted to the player's coordinates.</summary>
    static Tensor Block(FieldJacobian jacobian, Player player, Tensor u)
    {
        var embedded = zeros(jacobian.Size, dtype: jacobian.Dtype, device: jacobian.Device);
        embedded.narrow(0, player.Offset, player.Count).copy_(u);
        return jacobian.Jvp(embedded).narrow(0, player.Offset, player.Count).neg();
    }
}
