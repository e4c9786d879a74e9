using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// A two-player game (docs/design.md §1, §3): owns the players' parameters and, for a batch, computes each
/// player's loss and the vector field v(x) = (−∇θ L_G(x), −∇ψ L_D(x)). Update rules consume v; probes read
/// its Jacobian. Analytic games and neural games implement the same interface.
/// </summary>
public interface IGame : IDisposable
{
    /// <summary>Registry name, e.g. "dirac".</summary>
    string Name { get; }

    /// <summary>A short human-readable description for plot titles and reports.</summary>
    string Title { get; }

    /// <summary>G then D.</summary>
    IReadOnlyList<Player> Players { get; }

    /// <summary>All parameters, G's first, in the order of the flat state vector.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Total number of scalar parameters n = |θ| + |ψ|.</summary>
    long ParameterCount { get; }

    Device Device { get; }

    ScalarType Dtype { get; }

    /// <summary>Draws a minibatch (data, latent codes, noise) with the given generator.</summary>
    GameBatch SampleBatch(int size, Generator generator, long step);

    /// <summary>
    /// Losses and v on a batch. With <paramref name="createGraph"/> the field keeps its graph so it can be
    /// differentiated again (consensus, SGA, probes).
    /// </summary>
    FieldEvaluation Evaluate(GameBatch batch, bool createGraph);
}
