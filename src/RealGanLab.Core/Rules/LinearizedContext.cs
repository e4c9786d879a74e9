using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// The pieces of the linearised update operator at an equilibrium: J·u of the field the rule follows, the
/// step size h of every coordinate, the players' coordinate masks and SGD momentum β. A rule composes
/// them into one step on a perturbation state (u, [m], [extra]); the operator's spectral radius decides
/// local convergence of the discrete dynamics (radius &lt; 1), docs/design.md §1.
/// A state may also be a batch of states, one per row ([B, StateSize]): every piece acts on the last dimension, so one
/// call of a rule's step maps a whole basis (the dense operator in one call) when <see cref="Jvp"/> maps rows too.
/// </summary>
public sealed class LinearizedContext
{
    public LinearizedContext(IGame game, Func<Tensor, Tensor> jvp, Tensor stepSizes, double momentum, int extraBlocks)
        : this(game.ParameterCount, game.Players[PlayerIndex.Generator].Offset, game.Players[PlayerIndex.Generator].Count, jvp, stepSizes, momentum, extraBlocks)
    {
    }

    /// <param name="generatorOffset">Where the generator's <paramref name="generatorCount"/> coordinates start among the
    /// <paramref name="n"/> (for the alternating rules' masks).</param>
    public LinearizedContext(long n, long generatorOffset, long generatorCount, Func<Tensor, Tensor> jvp, Tensor stepSizes, double momentum, int extraBlocks)
    {
        Jvp = jvp;
        StepSizes = stepSizes;
        Momentum = momentum;
        ExtraBlocks = extraBlocks;
        N = n;
        GeneratorMask = zeros(N, dtype: stepSizes.dtype, device: stepSizes.device);
        GeneratorMask.narrow(0, generatorOffset, generatorCount).fill_(1.0);
        DiscriminatorMask = GeneratorMask.neg().add(1.0);
        AllMask = ones(N, dtype: stepSizes.dtype, device: stepSizes.device);
    }

    public Func<Tensor, Tensor> Jvp { get; }
    public Tensor StepSizes { get; }
    public double Momentum { get; }
    public int ExtraBlocks { get; }
    public long N { get; }
    public Tensor GeneratorMask { get; }
    public Tensor DiscriminatorMask { get; }
    public Tensor AllMask { get; }

    bool HasMomentum => Momentum != 0.0;

    /// <summary>Length of the state vector the operator acts on.</summary>
    public long StateSize => N * (1 + (HasMomentum ? 1 : 0) + ExtraBlocks);

    public (Tensor U, Tensor? M, Tensor? Extra) Unpack(Tensor state)
    {
        var u = state.narrow(-1, 0, N);
        var m = HasMomentum ? state.narrow(-1, N, N) : null;
        var extra = ExtraBlocks > 0 ? state.narrow(-1, N * (HasMomentum ? 2 : 1), N * ExtraBlocks) : null;
        return (u, m, extra);
    }

    public Tensor Pack(Tensor u, Tensor? m, Tensor? extra) =>
        cat(new[] { u, m, extra }.Where(t => t is not null).Select(t => t!).ToArray(), -1);

    /// <summary>
    /// PyTorch SGD on the masked players: m′ = β m + d, u′ = u + h m′ (with β = 0: u′ = u + h d).
    /// </summary>
    public (Tensor U, Tensor? M) OptimizerStep(Tensor u, Tensor? m, Tensor d, Tensor mask)
    {
        if (m is null) return (u.add(d.mul(StepSizes).mul(mask)), null);
        var mNext = m.mul(Momentum).add(d).mul(mask).add(m.mul(mask.neg().add(1.0)));
        return (u.add(mNext.mul(StepSizes).mul(mask)), mNext);
    }
}
