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
    Tensor expAvg, expAvgSq;

    FunctionalAdam(double learningRate, double beta1, double beta2, double eps, long step, Tensor expAvg, Tensor expAvgSq)
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
            Flat(adam.Select(s => s.exp_avg)), Flat(adam.Select(s => s.exp_avg_sq)));
    }

    public override string Description => $"adam from its moments (step {step}), lr {learningRate:g3}";

    public override long StepCount => step;

    public override IReadOnlyDictionary<string, Tensor> State =>
        new Dictionary<string, Tensor> { ["exp_avg"] = expAvg, ["exp_avg_sq"] = expAvgSq };

    public override Tensor Step(Tensor parameters, Tensor gradient)
    {
        step++;
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        expAvg = expAvg.mul(beta1).add(gradient.mul(1 - beta1));
        expAvgSq = expAvgSq.mul(beta2).add(gradient.mul(gradient).mul(1 - beta2));
        var denominator = expAvgSq.clamp_min(SecondMomentFloor).sqrt().div(Math.Sqrt(biasCorrection2)).add(eps);
        return parameters.sub(expAvg.div(denominator).mul(learningRate / biasCorrection1));
    }
}
