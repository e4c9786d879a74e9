using RealGanLab.Games;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// A game with vector players and curved, coupled losses, so each player's own Hessian is dense, indefinite
/// and depends on both players:
/// L_G = ½θᵀPθ + Σ_k sin(a_kᵀθ + b_kᵀψ);
/// L_D = −L_G (zero-sum), or ½ψᵀRψ + Σ_k softplus(c_kᵀψ)·(d_kᵀθ) + ¼Σψ⁴.
/// P has eigenvalues in [−1, 1] plus the outliers −4 and 5, so its extremes are well separated.
/// </summary>
public sealed class NonlinearTestGame : LossGame
{
    readonly Parameter theta;
    readonly Parameter psi;
    readonly Tensor p, a, b, r, c, d;
    readonly bool zeroSum;

    public NonlinearTestGame(int sizeG, int sizeD, long seed, bool zeroSum) : base("nonlinear-test", CPU, float64)
    {
        this.zeroSum = zeroSum;
        const int terms = 9;
        var g = new Generator((ulong)seed);
        p = SymmetricTestMatrix.Create(SymmetricTestMatrix.BulkWithOutliers(sizeG, seed, -4.0, 5.0), seed + 1);
        // ‖a_k‖² ≈ 0.09: the sine terms bend G's block by at most ~0.8, leaving P's outliers in place.
        a = randn(new long[] { terms, sizeG }, dtype: float64, generator: g).mul(0.3 / Math.Sqrt(sizeG));
        b = randn(new long[] { terms, sizeD }, dtype: float64, generator: g).mul(0.6);
        var rootR = randn(new long[] { sizeD, sizeD }, dtype: float64, generator: g);
        r = rootR.add(rootR.t()).mul(0.5);
        c = randn(new long[] { terms, sizeD }, dtype: float64, generator: g);
        d = randn(new long[] { terms, sizeG }, dtype: float64, generator: g).mul(0.5);
        theta = new Parameter(randn(new long[] { sizeG }, dtype: float64, generator: g).mul(0.5));
        psi = new Parameter(randn(new long[] { sizeD }, dtype: float64, generator: g).mul(0.5));
        SetPlayers([theta], [psi]);
    }

    public override string Title => "nonlinear test game";

    public override GameBatch SampleBatch(int size, Generator generator, long step) => new() { Size = size, Step = step };

    protected override (Tensor LossG, Tensor LossD) PlayerLosses(GameBatch batch, IDictionary<string, Tensor> terms)
    {
        var lossG = theta.dot(p.mv(theta)).mul(0.5).add(a.mv(theta).add(b.mv(psi)).sin().sum());
        if (zeroSum) return (lossG, lossG.neg());
        var lossD = psi.dot(r.mv(psi)).mul(0.5)
            .add(nn.functional.softplus(c.mv(psi)).mul(d.mv(theta)).sum())
            .add(psi.pow(4).sum().mul(0.25));
        return (lossG, lossD);
    }

    public override void Dispose()
    {
        foreach (var t in new[] { p, a, b, r, c, d }) t.Dispose();
        base.Dispose();
    }
}
