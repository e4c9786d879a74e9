using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Optimizers;

/// <summary>
/// RMSProp (Tieleman and Hinton 2012) in PyTorch's form as a function: s′ = αs + (1 − α)g², a = √s′ + ε; with
/// momentum β &gt; 0: b′ = βb + g/a, ψ′ = ψ − η b′; else ψ′ = ψ − η g/a (PyTorch ignores a momentum ≤ 0).
/// </summary>
public sealed class FunctionalRmsProp : FunctionalOptimizer
{
    readonly double learningRate, alpha, eps, momentum;
    long step;
    Tensor squareAvg, momentumBuffer;

    FunctionalRmsProp(double learningRate, double alpha, double eps, double momentum, long step, Tensor squareAvg, Tensor momentumBuffer)
    {
        this.learningRate = learningRate;
        this.alpha = alpha;
        this.eps = eps;
        this.momentum = momentum;
        this.step = step;
        this.squareAvg = squareAvg;
        this.momentumBuffer = momentumBuffer;
    }

    internal static FunctionalRmsProp From(RMSProp optimizer, IReadOnlyList<OptimizerState> states, double learningRate)
    {
        var options = SingleGroupOptions<RMSProp.Options>(optimizer);
        if (options.weight_decay is not (null or 0.0) || options.centered == true || options.maximize == true)
            throw new NotSupportedException("the functional RMSProp supports neither weight decay, centring nor maximize");
        var rms = states.Cast<RMSProp.State>().ToList();
        return new FunctionalRmsProp(learningRate, options.alpha!.Value, options.eps!.Value, options.momentum ?? 0.0,
            rms.Count == 0 ? 0 : rms[0].step, Flat(rms.Select(s => s.square_avg)), Flat(rms.Select(s => s.momentum_buffer)));
    }

    public override string Description => $"rmsprop from its averages (step {step}), lr {learningRate:g3}";

    public override long StepCount => step;

    public override IReadOnlyDictionary<string, Tensor> State =>
        new Dictionary<string, Tensor> { ["square_avg"] = squareAvg, ["momentum_buffer"] = momentumBuffer };

    public override Tensor Step(Tensor parameters, Tensor gradient)
    {
        step++;
        squareAvg = squareAvg.mul(alpha).add(gradient.mul(gradient).mul(1 - alpha));
        var scaled = gradient.div(squareAvg.clamp_min(SecondMomentFloor).sqrt().add(eps));
        if (momentum > 0)
        {
            momentumBuffer = momentumBuffer.mul(momentum).add(scaled);
            return parameters.sub(momentumBuffer.mul(learningRate));
        }
        return parameters.sub(scaled.mul(learningRate));
    }
}
