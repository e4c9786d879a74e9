using RealGanLab.Numerics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// A game defined by its players' losses: v is computed in one place as
/// v = (−∇θ L_G, −∇ψ L_D), one autograd call per player (docs/design.md §1).
/// </summary>
public abstract class LossGame : IGame
{
    protected LossGame(string name, Device device, ScalarType dtype)
    {
        Name = name;
        Device = device;
        Dtype = dtype;
    }

    public string Name { get; }
    public abstract string Title { get; }
    public Device Device { get; }
    public ScalarType Dtype { get; }
    public IReadOnlyList<Player> Players { get; private set; } = [];
    public IReadOnlyList<Parameter> Parameters { get; private set; } = [];
    public long ParameterCount { get; private set; }

    /// <summary>Called by subclasses once their parameters exist.</summary>
    protected void SetPlayers(IReadOnlyList<Parameter> generator, IReadOnlyList<Parameter> discriminator)
    {
        Players = Player.Pair(generator, discriminator);
        Parameters = generator.Concat(discriminator).ToList();
        ParameterCount = Players.Sum(p => p.Count);
    }

    public abstract GameBatch SampleBatch(int size, Generator generator, long step);

    /// <summary>L_G and L_D on a batch (regularizers included); unweighted terms go into <paramref name="terms"/>.</summary>
    protected abstract (Tensor LossG, Tensor LossD) PlayerLosses(GameBatch batch, IDictionary<string, Tensor> terms);

    public FieldEvaluation Evaluate(GameBatch batch, bool createGraph)
    {
        var terms = new Dictionary<string, Tensor>();
        var (lossG, lossD) = PlayerLosses(batch, terms);
        var field = NegativeGradient(lossG, Players[PlayerIndex.Generator], createGraph)
            .Concat(NegativeGradient(lossD, Players[PlayerIndex.Discriminator], createGraph)).ToList();
        return new FieldEvaluation([lossG, lossD], field, terms);
    }

    /// <summary>−∇ of a player's loss w.r.t. its own parameters; zeros where the loss does not depend on them.</summary>
    static IEnumerable<Tensor> NegativeGradient(Tensor loss, Player player, bool createGraph)
    {
        var inputs = player.Parameters.Cast<Tensor>().ToList();
        // autograd.grad aborts the process on a loss without a graph: check first (docs/torchsharp-notes.md).
        if (!loss.requires_grad) return inputs.Select(p => zeros_like(p));
        var grads = torch.autograd.grad([loss], inputs, retain_graph: true, create_graph: createGraph, allow_unused: true);
        return Vectors.OrZeros(grads, inputs).Select(g => g.neg());
    }

    public virtual void Dispose()
    {
        foreach (var p in Parameters) p.Dispose();
        GC.SuppressFinalize(this);
    }
}
