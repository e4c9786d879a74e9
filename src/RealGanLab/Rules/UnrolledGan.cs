using RealGanLab.Games;
using RealGanLab.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// Unrolled GAN (Metz, Poole, Pfau, Sohl-Dickstein 2017, §2, eq. 6–7): the generator descends the surrogate
/// loss L_G(θ, ψ_K(θ)), where ψ_K is the discriminator after K gradient steps on L_D from the current ψ,
/// differentiating through those K steps; the discriminator takes its ordinary step. The unrolled steps are plain
/// SGD with step size <c>learningRate</c> on the step's batch (the paper unrolls Adam; SGD keeps the surrogate a
/// smooth function of θ that the probe can differentiate again).
/// </summary>
public sealed class UnrolledGan(int steps, double learningRate) : IUpdateRule
{
    public string Name => "unrolled";
    public string Title => $"unrolled D (K={steps}, η={learningRate:g3})";
    public string FollowedField => $"(−∇θ L_G(θ, ψ_{steps}(θ)), −∇ψ L_D)";
    public bool ModifiesField => true;
    public int ExtraBlocks => 0;
    public bool SimultaneousLinearStep => true;

    public StepResult Step(StepContext c)
    {
        var game = Unrollable(c.Game);
        var batch = c.NextBatch();
        var evaluation = game.Evaluate(batch, createGraph: false);
        var generatorField = GeneratorField(game, batch, createGraph: false);
        c.Optimizers.Apply(PlayerIndex.Generator, generatorField.Select(t => t.detach()).ToList());
        c.Optimizers.ApplyFlat(PlayerIndex.Discriminator, evaluation.Flat());
        return StepResult.From(evaluation, game);
    }

    public Tensor EffectiveField(IGame game, GameBatch batch)
    {
        var unrollable = Unrollable(game);
        var discriminatorField = game.Evaluate(batch, createGraph: true).Field.Skip(game.Players[PlayerIndex.Generator].Parameters.Count);
        return Vectors.Flatten(GeneratorField(unrollable, batch, createGraph: true).Concat(discriminatorField).ToList());
    }

    public Tensor LinearizedStep(LinearizedContext c, Tensor state)
    {
        var (u, m, extra) = c.Unpack(state);
        (u, m) = c.OptimizerStep(u, m, c.Jvp(u), c.AllMask);
        return c.Pack(u, m, extra);
    }

    /// <summary>−∇θ L_G(θ, ψ_K(θ)), one tensor per generator parameter.</summary>
    IReadOnlyList<Tensor> GeneratorField(IUnrollableGame game, GameBatch batch, bool createGraph)
    {
        var loss = game.UnrolledGeneratorLoss(batch, steps, learningRate);
        var theta = game.Players[PlayerIndex.Generator].Parameters.Cast<Tensor>().ToList();
        var grads = autograd.grad([loss], theta, retain_graph: true, create_graph: createGraph, allow_unused: true);
        return Vectors.OrZeros(grads, theta).Select(g => g.neg()).ToList();
    }

    static IUnrollableGame Unrollable(IGame game) => game as IUnrollableGame
        ?? throw new InvalidOperationException($"the unrolled rule needs a game with an unrollable discriminator (mlp); '{game.Name}' is not one");
}
