using RealGanLab.Games;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Optimizers;

/// <summary>
/// A player's optimizer as a differentiable function: (ψ, g, state) ↦ (ψ′, state′) built from tensor operations only,
/// never in place, so that parameters and state stay functions of whatever the gradients depend on. This is what
/// unrolling a discriminator's optimisation needs (Metz, Poole, Pfau, Sohl-Dickstein 2017, §2, eq. 5–7): their
/// reference implementation unrolls D's own Adam — its moments, its step count, its learning rate — and
/// differentiates through the whole update, the state included. <see cref="Of"/> starts from a snapshot of the real
/// optimizer's state (the tensors are read, never written), so the first functional step is the step the real
/// optimizer would take with the same gradient. Parameters, gradients and state are single flat vectors (a player's
/// tensors concatenated in parameter order): the arithmetic is elementwise, so the values are those of the per-tensor
/// step, and an unroll builds a dozen graph nodes per step instead of a dozen per parameter tensor — on the small
/// networks of the 2-D games the per-operation overhead, not the arithmetic, is what an unrolled step costs.
/// </summary>
public abstract class FunctionalOptimizer
{
    /// <summary>
    /// Tiny floor under the second-moment estimates before their square root: where a coordinate's gradients have all
    /// been exactly 0 (a dead ReLU unit) √v has an infinite derivative and inf·0 would poison the unrolled gradient
    /// with NaN. The floor changes no value above it and moves √v by at most 10⁻¹⁵ next to ε = 10⁻⁸ where it applies.
    /// </summary>
    protected const double SecondMomentFloor = 1e-30;

    /// <summary>Short description for titles, e.g. "adam from its state, lr 1e-04".</summary>
    public abstract string Description { get; }

    /// <summary>One step: the new flat parameters from <paramref name="parameters"/> and the loss's gradient (both flat); advances the state.</summary>
    public abstract Tensor Step(Tensor parameters, Tensor gradient);

    /// <summary>The state after the steps taken so far, one flat vector per kind of slot, for comparison with the real optimizer's.</summary>
    public abstract IReadOnlyDictionary<string, Tensor> State { get; }

    /// <summary>The step count the state has reached (Adam, RMSProp; 0 for SGD).</summary>
    public virtual long StepCount => 0;

    /// <summary>
    /// The functional twin of <paramref name="player"/>'s real optimizer at its current state and scheduled learning
    /// rate. Only the settings the composition layer's <c>OptimizerFactory</c> builds are supported (no weight decay, no AMSGrad, no
    /// Nesterov, no centred RMSProp).
    /// </summary>
    public static FunctionalOptimizer Of(PlayerOptimizers optimizers, int player)
    {
        var optimizer = optimizers.Optimizers[player];
        double lr = optimizers.LearningRates[player];
        var states = ((OptimizerHelper)optimizer).state_dict().State;
        return optimizer switch
        {
            SGD sgd => FunctionalSgd.From(sgd, states, lr),
            Adam adam => FunctionalAdam.From(adam, states, lr),
            RMSProp rmsprop => FunctionalRmsProp.From(rmsprop, states, lr),
            _ => throw new NotSupportedException($"no functional form of {optimizer.GetType().Name}"),
        };
    }

    /// <summary>Plain gradient descent ψ′ = ψ − η·g with a fixed step (the unrolled rule's "sgd" look-ahead).</summary>
    public static FunctionalOptimizer PlainSgd(double learningRate) => new FunctionalSgd(learningRate, 0.0, null);

    /// <summary>A player's state tensors as one flat vector (no graph: the real optimizer's state is data).</summary>
    protected static Tensor Flat(IEnumerable<Tensor> tensors) => cat(tensors.Select(t => t.detach().reshape(-1)).ToArray(), 0);

    /// <summary>The options of a parameter group (each player's optimizer has exactly one).</summary>
    protected static TOptions SingleGroupOptions<TOptions>(OptimizerHelper optimizer) where TOptions : OptimizerOptions
    {
        var groups = optimizer.ParamGroups.Cast<ParamGroup>().ToList();
        if (groups.Count != 1) throw new NotSupportedException($"a functional optimizer needs one parameter group, not {groups.Count}");
        return (TOptions)groups[0].Options;
    }
}
