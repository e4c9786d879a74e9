using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// Optimistic gradient descent (Daskalakis et al. 2018, eq. 4): step along 2v(x_t) − v(x_{t−1}), the
/// previous field being remembered by the rule (the first step uses v(x_0) alone). Linearised on the
/// state (u_t, u_{t−1}): u_{t+1} = u_t + h(2Ju_t − Ju_{t−1}).
/// </summary>
public sealed class OptimisticGradientDescent : IUpdateRule, IStatefulRule, IDisposable
{
    Tensor? previous;

    public string Name => "optimistic";
    public string Title => "optimistic GD";
    public string FollowedField => "2v(x_t) − v(x_{t−1})";
    public bool ModifiesField => false;
    public bool OperatorActsPerEigenvalue => true;
    public int ExtraBlocks => 1;

    public StepResult Step(StepContext c)
    {
        var evaluation = c.Game.Evaluate(c.NextBatch(), createGraph: false);
        var v = evaluation.Flat().detach();
        var direction = previous is null ? v : v.mul(2.0).sub(previous);
        previous?.Dispose();
        previous = v.clone().DetachFromDisposeScope();
        c.Optimizers.ApplyAll(direction);
        return StepResult.From(evaluation, c.Game);
    }

    public Tensor EffectiveField(IGame game, GameBatch batch) => game.Evaluate(batch, createGraph: true).Flat();

    public Tensor LinearizedStep(LinearizedContext c, Tensor state)
    {
        var (u, m, uPrevious) = c.Unpack(state);
        var d = c.Jvp(u).mul(2.0).sub(c.Jvp(uPrevious!));
        var (uNext, mNext) = c.OptimizerStep(u, m, d, c.AllMask);
        return c.Pack(uNext, mNext, u);
    }

    public Tensor? SaveState() => previous;

    public void LoadState(Tensor? state)
    {
        previous?.Dispose();
        previous = state?.detach().clone().DetachFromDisposeScope();
    }

    public void Dispose() => previous?.Dispose();
}
