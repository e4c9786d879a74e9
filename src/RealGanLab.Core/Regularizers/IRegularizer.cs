using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>
/// A term added to one player's loss. Returns the unweighted term; the game multiplies by
/// <see cref="Weight"/> and adds it to the loss of <see cref="Target"/> in one place
/// (no backward() inside a penalty).
/// </summary>
public interface IRegularizer
{
    /// <summary>The config key under "regularizers", e.g. "r1".</summary>
    string Name { get; }

    /// <summary>Player index (<see cref="Games.PlayerIndex"/>) whose loss receives the term.</summary>
    int Target { get; }

    double Weight { get; }

    /// <summary>True when the batch must carry interpolation weights (gradient penalties on interpolates).</summary>
    bool NeedsMix { get; }

    /// <summary>True when the batch must carry U[0, 1] draws of the real samples' shape (penalties around perturbed data: DRAGAN).</summary>
    bool NeedsPerturbation => false;

    Tensor Term(PenaltyContext context);
}
