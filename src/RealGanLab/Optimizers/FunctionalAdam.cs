using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015, Algorithm 1) in PyTorch's form as a function: t′ = t + 1, m′ = β₁m + (1 − β₁)g,
/// v′ = β₂v + (1 − β₂)g², ψ′ = ψ − (η / (1 − β₁^t′)) · m′ / (√v′ / √(1 − β₂^t′) + ε). The moments stay functions of
/// the gradients, so an unroll differentiates through them (Metz et al.'s reference code unrolls Keras' Adam, which
/// adds ε before the bias correction of √v; here the unroll follows the optimizer that really trains D).
/// </summary>
public sealed class FunctionalAdam : FunctionalOptimizer
{
    readonly double learningRate, beta1, beta2, eps;
    long step;
    IReadOnlyList<Tensor> expAvg, expAvgSq;

    FunctionalAdam(double learningRate, double beta1, double beta2, double eps, long step, IReadOnlyList<Tensor> expAvg, IReadOnlyList<Tensor> expAvgSq)
    {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.step = step;
        this.expAvg = expAvg;
        this.expAvgSq = expAvgSq;
    }

    internal static FunctionalAdam From(Adam optimizer, IReadOnlyList<OptimizerState> states, double learningRate)
    {
        var options = SingleGroupOptions<Adam.Options>(optimizer);
        if (options.weight_decay is not (null or 0.0) || options.amsgrad == true || options.maximize == true)
            throw new NotSupportedException("the functional Adam supports neither weight decay, AMSGrad nor maximize");
        var adam = states.Cast<Adam.State>().ToList();
        long step = adam.Count == 0 ? 0 : adam[0].step;
        if (adam.Any(s => s.step != step)) throw new NotSupportedException("the player's Adam states are at different steps");
        return new FunctionalAdam(learningRate, options.beta1!.Value, options.beta2!.Value, options.eps!.Value, step,
            adam.Select(s => s.exp_avg).ToList(), adam.Select(s => s.exp_avg_sq).ToList());
    }

    public override string Description => $"adam from its moments (step {step}), lr {learningRate:g3}";

    public override long StepCount => step;

    public override IReadOnlyDictionary<string, IReadOnlyList<Tensor>> State =>
        new Dictionary<string, IReadOnlyList<Tensor>> { ["exp_avg"] = expAvg, ["exp_avg_sq"] = expAvgSq };

    public override IReadOnlyList<Tensor> Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        step++;
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        expAvg = expAvg.Zip(gradients, (m, g) => m.mul(beta1).add(g.mul(1 - beta1))).ToList();
        expAvgSq = expAvgSq.Zip(gradients, (v, g) => v.mul(beta2).add(g.mul(g).mul(1 - beta2))).ToList();
        double stepSize = learningRate / biasCorrection1;
        var next = new List<Tensor>(parameters.Count);
        for (int i = 0; i < parameters.Count; i++)
        {
            var denominator = expAvgSq[i].clamp_min(SecondMomentFloor).sqrt().div(Math.Sqrt(biasCorrection2)).add(eps);
            next.Add(parameters[i].sub(expAvg[i].div(denominator).mul(stepSize)));
        }
        return next;
    }
}
