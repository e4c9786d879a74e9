using RealGanLab.Games;
using RealGanLab.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Optimizers;

/// <summary>
/// One standard TorchSharp optimizer per player (so each has its own learning rate: TTUR). Update rules
/// hand over a direction d (the field they follow) and this writes −d into each parameter's .grad and
/// steps, so that optimizer.step() descends along −grad = d (docs/design.md §3).
/// </summary>
public sealed class PlayerOptimizers : IDisposable
{
    readonly optim.Optimizer[] optimizers;
    readonly IGame game;

    public PlayerOptimizers(IGame game, string name, IReadOnlyList<double> learningRates, double momentum, optim.Optimizer[] optimizers)
    {
        this.game = game;
        Name = name;
        InitialLearningRates = learningRates.ToArray();
        LearningRates = learningRates.ToArray();
        Momentum = momentum;
        this.optimizers = optimizers;
    }

    /// <summary>The players' optimizers, G's first (for checkpoints).</summary>
    public IReadOnlyList<optim.Optimizer> Optimizers => optimizers;

    /// <summary>Optimizer name (sgd, adam, rmsprop).</summary>
    public string Name { get; }

    /// <summary>Learning rate (step size h) of each player now (after any schedule).</summary>
    public IReadOnlyList<double> LearningRates { get; private set; }

    /// <summary>The configured learning rates, before any schedule.</summary>
    public IReadOnlyList<double> InitialLearningRates { get; }

    /// <summary>Sets every player's learning rate to its initial one times <paramref name="factor"/> (a schedule).</summary>
    public void ScaleLearningRates(double factor)
    {
        var rates = InitialLearningRates.Select(r => r * factor).ToArray();
        for (int i = 0; i < optimizers.Length; i++)
            foreach (var group in optimizers[i].ParamGroups) group.LearningRate = rates[i];
        LearningRates = rates;
    }

    /// <summary>SGD momentum β (negative allowed); 0 for the adaptive optimizers' linear analysis.</summary>
    public double Momentum { get; }

    /// <summary>Steps one player along <paramref name="direction"/> (tensors shaped like its parameters).</summary>
    public void Apply(int player, IReadOnlyList<Tensor> direction)
    {
        var parameters = game.Players[player].Parameters;
        if (direction.Count != parameters.Count)
            throw new ArgumentException($"{direction.Count} direction tensors for {parameters.Count} parameters");
        for (int i = 0; i < parameters.Count; i++)
            parameters[i].grad = direction[i].detach().neg();
        optimizers[player].step();
        // Drop the gradients: a probe or a later rule must never see a stale .grad.
        foreach (var p in parameters) p.grad = null;
    }

    /// <summary>Steps one player along its part of a flat direction over all parameters.</summary>
    public void ApplyFlat(int player, Tensor flatDirection)
    {
        var p = game.Players[player];
        Apply(player, Vectors.Unflatten(flatDirection.narrow(0, p.Offset, p.Count), p.Parameters));
    }

    /// <summary>Steps both players along a flat direction (simultaneous update).</summary>
    public void ApplyAll(Tensor flatDirection)
    {
        for (int i = 0; i < game.Players.Count; i++) ApplyFlat(i, flatDirection);
    }

    /// <summary>Per-coordinate step sizes h (length n), for the linearised update operator.</summary>
    public Tensor StepSizes()
    {
        var parts = game.Players.Select((p, i) => full(p.Count, LearningRates[i], dtype: game.Dtype, device: game.Device));
        return cat(parts.ToArray(), 0);
    }

    /// <summary>The optimizers' full state (moments, momentum buffers, step counts) as bytes, per player.</summary>
    public byte[][] StateBytes() => optimizers.Select(o =>
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            ((TorchSharp.Modules.OptimizerHelper)o).save_state_dict(writer);
        return stream.ToArray();
    }).ToArray();

    public void Dispose()
    {
        foreach (var o in optimizers) o.Dispose();
    }
}
