using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// Alternating gradient descent (Goodfellow et al. 2014, Algorithm 1). In the order <c>d-first</c>: n_dis
/// discriminator steps, each on a fresh batch, then one generator step against the updated discriminator. In the
/// order <c>g-first</c>: one generator step against the current discriminator, then n_dis discriminator steps
/// against the updated generator — the order of the Dirac-GAN simulations of Mescheder, Geiger, Nowozin 2018.
/// On the Dirac-GAN with small h the update operator of either order has determinant 1 and eigenvalues on the
/// unit circle: it neither converges nor diverges (Mescheder et al. 2018, §2.2).
/// </summary>
public sealed class AlternatingGradientDescent(int discriminatorSteps, bool generatorFirst = false) : IUpdateRule
{
    /// <summary>From its options record: rule:nDis D steps per G step, in rule:order.</summary>
    public AlternatingGradientDescent(AlternatingOptions options) : this(options.NDis, generatorFirst: options.Order == "g-first") { }

    /// <summary>The names of the orders (<c>rule:order</c>); the first is the default.</summary>
    public static IReadOnlyList<string> Orders { get; } = ["d-first", "g-first"];

    public string Name => "altgd";

    public string Title => (discriminatorSteps, generatorFirst) switch
    {
        (1, false) => "alternating GD",
        (1, true) => "alternating GD (G first)",
        (_, false) => $"alternating GD (n_dis={discriminatorSteps})",
        (_, true) => $"alternating GD (G first, n_dis={discriminatorSteps})",
    };

    public string FollowedField => generatorFirst ? "v (G block first, then D)" : "v (D block first, then G)";
    public bool ModifiesField => false;
    public int ExtraBlocks => 0;

    public StepResult Step(StepContext c)
    {
        FieldEvaluation? first = null;
        if (generatorFirst)
        {
            first = c.Game.Evaluate(c.NextBatch(), createGraph: false);
            c.Optimizers.ApplyFlat(PlayerIndex.Generator, first.Flat());
        }
        for (int k = 0; k < discriminatorSteps; k++)
        {
            var evaluation = c.Game.Evaluate(c.NextBatch(), createGraph: false);
            first ??= evaluation;
            c.Optimizers.ApplyFlat(PlayerIndex.Discriminator, evaluation.Flat());
        }
        if (!generatorFirst)
        {
            var afterD = c.Game.Evaluate(c.NextBatch(), createGraph: false);
            c.Optimizers.ApplyFlat(PlayerIndex.Generator, afterD.Flat());
        }
        return StepResult.From(first!, c.Game);
    }

    public Tensor EffectiveField(IGame game, GameBatch batch) => game.Evaluate(batch, createGraph: true).Flat();

    public Tensor LinearizedStep(LinearizedContext c, Tensor state)
    {
        var (u, m, extra) = c.Unpack(state);
        if (generatorFirst) (u, m) = c.OptimizerStep(u, m, c.Jvp(u), c.GeneratorMask);
        for (int k = 0; k < discriminatorSteps; k++)
            (u, m) = c.OptimizerStep(u, m, c.Jvp(u), c.DiscriminatorMask);
        if (!generatorFirst) (u, m) = c.OptimizerStep(u, m, c.Jvp(u), c.GeneratorMask);
        return c.Pack(u, m, extra);
    }
}
