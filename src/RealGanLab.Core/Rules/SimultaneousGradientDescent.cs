using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// Simultaneous gradient descent: both players step along v(x_t) at once, x ← x + h·v(x). Locally
/// convergent iff every |1 + hλ| &lt; 1; purely imaginary λ (Dirac-GAN, x·y) spirals out for every h
/// (Mescheder, Nowozin, Geiger 2017, §3).
/// </summary>
public sealed class SimultaneousGradientDescent : IUpdateRule
{
    public string Name => "simgd";
    public string Title => "simultaneous GD";
    public string FollowedField => "v";
    public bool ModifiesField => false;
    public bool OperatorActsPerEigenvalue => true;
    public int ExtraBlocks => 0;
    public bool SimultaneousLinearStep => true;

    public StepResult Step(StepContext c)
    {
        var evaluation = c.Game.Evaluate(c.NextBatch(), createGraph: false);
        c.Optimizers.ApplyAll(evaluation.Flat());
        return StepResult.From(evaluation, c.Game);
    }

    public Tensor EffectiveField(IGame game, GameBatch batch) => game.Evaluate(batch, createGraph: true).Flat();

    public Tensor LinearizedStep(LinearizedContext c, Tensor state)
    {
        var (u, m, extra) = c.Unpack(state);
        (u, m) = c.OptimizerStep(u, m, c.Jvp(u), c.AllMask);
        return c.Pack(u, m, extra);
    }
}
