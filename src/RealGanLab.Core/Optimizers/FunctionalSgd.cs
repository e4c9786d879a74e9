using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Optimizers;

/// <summary>
/// PyTorch's SGD with heavy-ball momentum β (negative allowed, Gidel et al. 2019) as a function: b′ = g on the first
/// step (no buffer yet), else b′ = β b + g; ψ′ = ψ − η b′. Without momentum ψ′ = ψ − η g.
/// </summary>
public sealed class FunctionalSgd : FunctionalOptimizer
{
    readonly double learningRate;
    readonly double momentum;
    Tensor? buffer;

    internal FunctionalSgd(double learningRate, double momentum, Tensor? buffer)
    {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.buffer = buffer;
    }

    internal static FunctionalSgd From(SGD optimizer, IReadOnlyList<OptimizerState> states, double learningRate)
    {
        var options = SingleGroupOptions<SGD.Options>(optimizer);
        if (options.weight_decay is not (null or 0.0) || options.nesterov == true || options.dampening is not (null or 0.0))
            throw new NotSupportedException("the functional SGD supports momentum only (no weight decay, dampening or Nesterov)");
        double momentum = options.momentum ?? 0.0;
        var buffers = states.Cast<SGD.State>().Select(s => s.momentum_buffer).ToList();
        // Before the first step the real optimizer has no buffers: the functional one starts without them too.
        return new FunctionalSgd(learningRate, momentum, buffers.Any(b => b is null) ? null : Flat(buffers));
    }

    public override string Description => momentum == 0.0
        ? $"sgd, lr {learningRate:g3}"
        : $"sgd, momentum {momentum:g3} from its buffers, lr {learningRate:g3}";

    public override IReadOnlyDictionary<string, Tensor> State =>
        buffer is null ? new Dictionary<string, Tensor>() : new Dictionary<string, Tensor> { ["momentum_buffer"] = buffer };

    public override Tensor Step(Tensor parameters, Tensor gradient)
    {
        if (momentum == 0.0) return parameters.sub(gradient.mul(learningRate));
        buffer = buffer is null ? gradient : buffer.mul(momentum).add(gradient);
        return parameters.sub(buffer.mul(learningRate));
    }
}
