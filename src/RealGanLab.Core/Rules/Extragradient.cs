using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// Extragradient (Korpelevich 1976; for GANs Gidel et al. 2019, Algorithm 2): look ahead
/// x̃ = x + h·v(x) with a plain step, then update x with v(x̃) through the optimizer. The lookahead
/// does not touch the optimizer's state. Both evaluations use the same minibatch (same-sample extragradient;
/// Gidel et al. draw a second one). Linearised: u ← u + hJ(u + hJu).
/// </summary>
public sealed class Extragradient : IUpdateRule
{
    public string Name => "extragradient";
    public string Title => "extragradient";
    public string FollowedField => "v at the lookahead x + h·v(x)";
    public bool ModifiesField => false;
    public bool OperatorActsPerEigenvalue => true;
    public int ExtraBlocks => 0;

    public StepResult Step(StepContext c)
    {
        var batch = c.NextBatch();
        var atX = c.Game.Evaluate(batch, createGraph: false);
        var saved = GameState.GetTensor(c.Game);
        GameState.Set(c.Game, saved.add(atX.Flat().mul(c.Optimizers.StepSizes())));
        var atLookahead = c.Game.Evaluate(batch, createGraph: false).Flat();
        GameState.Set(c.Game, saved);
        c.Optimizers.ApplyAll(atLookahead);
        return StepResult.From(atX, c.Game);
    }

    public Tensor EffectiveField(IGame game, GameBatch batch) => game.Evaluate(batch, createGraph: true).Flat();

    public Tensor LinearizedStep(LinearizedContext c, Tensor state)
    {
        var (u, m, extra) = c.Unpack(state);
        var lookahead = u.add(c.Jvp(u).mul(c.StepSizes));
        (u, m) = c.OptimizerStep(u, m, c.Jvp(lookahead), c.AllMask);
        return c.Pack(u, m, extra);
    }
}
