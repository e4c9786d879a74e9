using RealGanLab.Estimators;
using RealGanLab.Games;
using RealGanLab.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// Consensus optimization (Mescheder, Nowozin, Geiger 2017, eq. 9 / Algorithm 2): follow v − γ∇L with
/// L = ½‖v‖², ∇L = Jᵀv. Same fixed points as v; for normal J each eigenvalue λ moves to λ − γ|λ|².
/// ‖v‖² is estimated from the minibatch by a named estimator (batch, per_sample, split, ustat), whose
/// gradient is taken by autograd.
/// </summary>
public sealed class ConsensusOptimization(double gamma, IFieldNormEstimator estimator) : IUpdateRule
{
    public string Name => "consensus";
    public string Title => $"consensus γ={gamma:g4} ({estimator.Name})";
    public string FollowedField => $"v − {gamma:g4}·∇(½‖v‖²) [{estimator.Name}]";
    public bool ModifiesField => true;
    public bool OperatorActsPerEigenvalue => true;
    public int ExtraBlocks => 0;
    public bool SimultaneousLinearStep => true;

    public StepResult Step(StepContext c)
    {
        var batch = c.NextBatch();
        var evaluation = c.Game.Evaluate(batch, createGraph: true);
        var v = evaluation.Flat();
        var squaredNorm = estimator.SquaredNorm(c.Game, batch, v, createGraph: true);
        var gradL = Autodiff.Gradient(squaredNorm.mul(0.5), c.Game.Parameters, createGraph: false);
        c.Optimizers.ApplyAll(v.detach().sub(gradL.mul(gamma)));
        var extra = new Dictionary<string, Tensor> { ["norm_sq_estimate"] = squaredNorm };
        return StepResult.From(evaluation, c.Game, extra);
    }

    public Tensor EffectiveField(IGame game, GameBatch batch)
    {
        var v = game.Evaluate(batch, createGraph: true).Flat();
        var squaredNorm = estimator.SquaredNorm(game, batch, v, createGraph: true);
        return v.sub(Autodiff.Gradient(squaredNorm.mul(0.5), game.Parameters, createGraph: true).mul(gamma));
    }

    public Tensor LinearizedStep(LinearizedContext c, Tensor state)
    {
        var (u, m, extra) = c.Unpack(state);
        (u, m) = c.OptimizerStep(u, m, c.Jvp(u), c.AllMask);
        return c.Pack(u, m, extra);
    }
}
