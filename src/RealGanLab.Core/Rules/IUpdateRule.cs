using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// An update rule (docs/design.md §3): turns the game's field into parameter updates through the players'
/// optimizers. Each rule is one type, chosen by name. Besides stepping, a rule says which field it
/// follows (for the probe: consensus follows v − γ∇L) and how one step acts on a small perturbation
/// at an equilibrium (the update operator).
/// </summary>
public interface IUpdateRule
{
    /// <summary>Registry name.</summary>
    string Name { get; }

    /// <summary>Human-readable settings for titles, e.g. "consensus γ=1 (split)".</summary>
    string Title { get; }

    /// <summary>The field the rule follows, as a formula in v and J (for outputs and plot titles).</summary>
    string FollowedField { get; }

    /// <summary>True when the followed field differs from the game's v (consensus, SGA); its Jacobian then differs from ∂v/∂x.</summary>
    bool ModifiesField { get; }

    /// <summary>One update of both players.</summary>
    StepResult Step(StepContext context);

    /// <summary>The field the rule follows on a batch, flat and differentiable w.r.t. the parameters.</summary>
    Tensor EffectiveField(IGame game, GameBatch batch);

    /// <summary>Extra n-blocks of state the linearised step carries (optimistic GD: the previous state).</summary>
    int ExtraBlocks { get; }

    /// <summary>
    /// True when one linearised step is u ← u + h·J·u with J that of <see cref="EffectiveField"/> (simultaneous
    /// steps of the followed field). With one step size h and no momentum the update operator is then I + hJ, whose
    /// eigenvalues are 1 + hλ: the probe reads its radius off J's spectrum instead of running Arnoldi on eigenvalues
    /// that all crowd near 1.
    /// </summary>
    bool SimultaneousLinearStep => false;

    /// <summary>
    /// True when the linearised update operator is a function of M = diag(h)·J alone — every player steps at once with
    /// the same formula, as in simultaneous, extragradient and optimistic steps with or without momentum — so each
    /// eigenvalue μ of M evolves on its own and the largest stable step can be read per eigenvalue
    /// (<see cref="Probes.StableStep"/>). False for steps that treat the players' blocks differently (alternating).
    /// </summary>
    bool OperatorActsPerEigenvalue => false;

    /// <summary>One linearised step at an equilibrium, J·u being that of <see cref="EffectiveField"/>.</summary>
    Tensor LinearizedStep(LinearizedContext context, Tensor state);
}
