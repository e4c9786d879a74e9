using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Optimizers;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// Unrolled GAN (Metz, Poole, Pfau, Sohl-Dickstein 2017, §2, eq. 5–7), as their reference implementation writes it:
/// G descends the surrogate f_K(θ, ψ) = V(θ, ψ_K(θ, ψ)) — the saddle objective on real and fake data at the
/// discriminator after K steps of D's own optimizer (its real state and its scheduled learning rate) — with
/// gradients through the K steps, the optimizer's state updates included; D's real update is the unroll's first
/// step (Metz et al.: "the first step is the update D actually takes"), so D steps once, by its optimizer, along the
/// same gradient. Both players move from the same point (a simultaneous step).
/// Variants kept by name: look-ahead "sgd" (plain gradient steps of a fixed size, the form that keeps the surrogate
/// independent of the optimizer's state) and surrogate "generator" (G's own loss at ψ_K on fakes only — for the
/// non-saturating loss this is not the game's value, so G plans against a D whose objective it does not share).
/// </summary>
public sealed class UnrolledGan : IUpdateRule, IOptimizerAwareRule
{
    /// <summary>How D is unrolled: "optimizer" (D's own, from its state) or "sgd" (fixed-step gradient descent).</summary>
    public static IReadOnlyList<string> LookAheads { get; } = ["optimizer", "sgd"];

    /// <summary>What G descends at ψ_K: "saddle" (V plus G's penalties) or "generator" (L_G).</summary>
    public static IReadOnlyList<string> Surrogates { get; } = ["saddle", "generator"];

    readonly int steps;
    readonly string lookAhead;
    readonly double? sgdLearningRate;
    readonly string surrogate;
    PlayerOptimizers? optimizers;

    public UnrolledGan(int steps, string lookAhead = "optimizer", double? sgdLearningRate = null, string surrogate = "saddle")
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), "K ≥ 1");
        if (!LookAheads.Contains(lookAhead)) throw new ArgumentException($"unknown look-ahead '{lookAhead}'");
        if (!Surrogates.Contains(surrogate)) throw new ArgumentException($"unknown surrogate '{surrogate}'");
        if (lookAhead == "sgd" && sgdLearningRate is null) throw new ArgumentException("the sgd look-ahead needs its step size");
        this.steps = steps;
        this.lookAhead = lookAhead;
        this.sgdLearningRate = sgdLearningRate;
        this.surrogate = surrogate;
    }

    public string Name => "unrolled";

    public string Title => lookAhead == "optimizer"
        ? $"unrolled D (K={steps}, D's optimizer, {surrogate})"
        : $"unrolled D (K={steps}, sgd η={sgdLearningRate:g3}, {surrogate})";

    public string FollowedField => surrogate == "saddle"
        ? $"(−∇θ V(θ, ψ_{steps}(θ)), −∇ψ L_D)"
        : $"(−∇θ L_G(θ, ψ_{steps}(θ)), −∇ψ L_D)";

    public bool ModifiesField => true;
    public bool OperatorActsPerEigenvalue => true;
    public int ExtraBlocks => 0;
    public bool SimultaneousLinearStep => true;

    public void Attach(PlayerOptimizers optimizers) => this.optimizers = optimizers;

    public StepResult Step(StepContext c)
    {
        optimizers = c.Optimizers;
        var game = Unrollable(c.Game);
        var batch = c.NextBatch();
        var evaluation = game.Evaluate(batch, createGraph: false);
        var (generatorField, firstGradient) = GeneratorField(game, batch, LookAhead(c.Optimizers), createGraph: false);
        c.Optimizers.Apply(PlayerIndex.Generator, generatorField.Select(t => t.detach()).ToList());
        // D's real update is the unroll's first step: its optimizer, its state, the same gradient.
        c.Optimizers.Apply(PlayerIndex.Discriminator, firstGradient.Select(g => g.neg()).ToList());
        return StepResult.From(evaluation, game);
    }

    public Tensor EffectiveField(IGame game, GameBatch batch)
    {
        var unrollable = Unrollable(game);
        // The probe sees the same surrogate as training: the look-ahead from D's optimizer state at this moment.
        var optimizer = LookAhead(optimizers);
        var discriminatorField = game.Evaluate(batch, createGraph: true).Field.Skip(game.Players[PlayerIndex.Generator].Parameters.Count);
        return Vectors.Flatten(GeneratorField(unrollable, batch, optimizer, createGraph: true).Field.Concat(discriminatorField).ToList());
    }

    public Tensor LinearizedStep(LinearizedContext c, Tensor state)
    {
        var (u, m, extra) = c.Unpack(state);
        (u, m) = c.OptimizerStep(u, m, c.Jvp(u), c.AllMask);
        return c.Pack(u, m, extra);
    }

    /// <summary>
    /// The look-ahead optimizer for this step: a functional twin of D's (from its current state) or plain SGD. D's
    /// optimizer state is the rule's only state, and the checkpoint already holds it: a resumed run unrolls the same.
    /// </summary>
    public FunctionalOptimizer LookAhead(PlayerOptimizers? optimizers) => lookAhead == "sgd"
        ? FunctionalOptimizer.PlainSgd(sgdLearningRate!.Value)
        : FunctionalOptimizer.Of(optimizers ?? throw new InvalidOperationException("the unrolled rule looks ahead through D's optimizer: attach the run's optimizers first"),
            PlayerIndex.Discriminator);

    /// <summary>The surrogate f_K(θ) on a batch (for tests: its finite differences against the field).</summary>
    public Tensor Surrogate(IUnrollableGame game, GameBatch batch, FunctionalOptimizer optimizer)
    {
        var final = DiscriminatorUnroll.Run(game, batch, optimizer, steps).Final;
        return surrogate == "saddle" ? final.Saddle : final.LossG;
    }

    /// <summary>−∇θ f_K(θ), one tensor per generator parameter, and the gradient of D's first unrolled step.</summary>
    (IReadOnlyList<Tensor> Field, IReadOnlyList<Tensor> FirstGradient) GeneratorField(IUnrollableGame game, GameBatch batch, FunctionalOptimizer optimizer, bool createGraph)
    {
        var (final, first) = DiscriminatorUnroll.Run(game, batch, optimizer, steps);
        var loss = surrogate == "saddle" ? final.Saddle : final.LossG;
        var theta = game.Players[PlayerIndex.Generator].Parameters.Cast<Tensor>().ToList();
        var grads = autograd.grad([loss], theta, retain_graph: true, create_graph: createGraph, allow_unused: true);
        return (Vectors.OrZeros(grads, theta).Select(g => g.neg()).ToList(), first);
    }

    static IUnrollableGame Unrollable(IGame game) => game as IUnrollableGame
        ?? throw new InvalidOperationException($"the unrolled rule needs a game with an unrollable discriminator (mlp); '{game.Name}' is not one");
}
