using RealGanLab.Games;
using RealGanLab.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// Symplectic gradient adjustment (Balduzzi et al. 2018, Algorithm 1). With ξ = −v and H = ∇ξ = −J, the
/// adjusted gradient is ξ + λAᵀξ, A = ½(H − Hᵀ); as a direction in terms of v:
/// d = v + (λ/2)(Jv − Jᵀv). With alignment, λ's sign is sign(⟨ξ,∇H⟩⟨Aᵀξ,∇H⟩/n + ε), ε = 0.1,
/// ∇H = Hᵀξ = Jᵀv. At an equilibrium the followed field has Jacobian J + (λ/2)(J² − JᵀJ).
/// </summary>
public sealed class SymplecticGradientAdjustment(double lambda, bool align) : IUpdateRule
{
    const double AlignmentEpsilon = 0.1;

    public string Name => "sga";
    public string Title => $"SGA λ={lambda:g4}" + (align ? " (aligned)" : "");
    public string FollowedField => $"v + ({lambda:g4}/2)(Jv − Jᵀv)";
    public bool ModifiesField => true;
    public bool OperatorActsPerEigenvalue => true;
    public int ExtraBlocks => 0;

    public StepResult Step(StepContext c)
    {
        var evaluation = c.Game.Evaluate(c.NextBatch(), createGraph: true);
        var v = evaluation.Flat();
        c.Optimizers.ApplyAll(Adjusted(v, c.Game, createGraph: false));
        return StepResult.From(evaluation, c.Game);
    }

    public Tensor EffectiveField(IGame game, GameBatch batch) =>
        Adjusted(game.Evaluate(batch, createGraph: true).Flat(), game, createGraph: true);

    /// <summary>v + (λ/2)(Jv − Jᵀv); differentiable through v and J when <paramref name="createGraph"/>.</summary>
    Tensor Adjusted(Tensor v, IGame game, bool createGraph)
    {
        var u = createGraph ? v : v.detach();
        var jv = Autodiff.Jvp(v, game.Parameters, u, createGraph);
        var jtv = Autodiff.Vjp(v, game.Parameters, u, createGraph);
        double signedLambda = lambda;
        if (align)
        {
            // sign(⟨ξ,∇H⟩⟨Aᵀξ,∇H⟩/n + ε) with ξ = −v, ∇H = Jᵀv, Aᵀξ = −½(Jv − Jᵀv).
            var vd = v.detach(); var jvd = jv.detach(); var jtvd = jtv.detach();
            double first = vd.dot(jtvd).neg().to_type(float64).item<double>();
            double second = jvd.sub(jtvd).dot(jtvd).mul(-0.5).to_type(float64).item<double>();
            // A NaN criterion (a diverged field) keeps the sign; the divergence shows in v itself.
            signedLambda *= first * second / v.numel() + AlignmentEpsilon < 0 ? -1 : 1;
        }
        var result = u.add(jv.sub(jtv).mul(signedLambda / 2));
        return createGraph ? result : result.detach();
    }

    public Tensor LinearizedStep(LinearizedContext c, Tensor state)
    {
        var (u, m, extra) = c.Unpack(state);
        (u, m) = c.OptimizerStep(u, m, c.Jvp(u), c.AllMask);
        return c.Pack(u, m, extra);
    }
}
