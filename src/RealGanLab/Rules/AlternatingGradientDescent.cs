using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// Alternating gradient descent (Goodfellow et al. 2014, Algorithm 1): n_dis discriminator steps, each on
/// a fresh batch, then one generator step against the updated discriminator. On the Dirac-GAN with small
/// h its update operator has eigenvalues on the unit circle: it neither converges nor diverges
/// (Mescheder et al. 2018, §2.2).
/// </summary>
public sealed class AlternatingGradientDescent(int discriminatorSteps) : IUpdateRule
{
    public string Name => "altgd";
    public string Title => discriminatorSteps == 1 ? "alternating GD" : $"alternating GD (n_dis={discriminatorSteps})";
    public string FollowedField => "v (D block first, then G)";
    public bool ModifiesField => false;
    public int ExtraBlocks => 0;

    public StepResult Step(StepContext c)
    {
        FieldEvaluation? first = null;
        for (int k = 0; k < discriminatorSteps; k++)
        {
            var evaluation = c.Game.Evaluate(c.NextBatch(), createGraph: false);
            first ??= evaluation;
            c.Optimizers.ApplyFlat(PlayerIndex.Discriminator, evaluation.Flat());
        }
        var afterD = c.Game.Evaluate(c.NextBatch(), createGraph: false);
        c.Optimizers.ApplyFlat(PlayerIndex.Generator, afterD.Flat());
        return StepResult.From(first!, c.Game);
    }

    public Tensor EffectiveField(IGame game, GameBatch batch) => game.Evaluate(batch, createGraph: true).Flat();

    public Tensor LinearizedStep(LinearizedContext c, Tensor state)
    {
        var (u, m, extra) = c.Unpack(state);
        for (int k = 0; k < discriminatorSteps; k++)
            (u, m) = c.OptimizerStep(u, m, c.Jvp(u), c.DiscriminatorMask);
        (u, m) = c.OptimizerStep(u, m, c.Jvp(u), c.GeneratorMask);
        return c.Pack(u, m, extra);
    }
}
