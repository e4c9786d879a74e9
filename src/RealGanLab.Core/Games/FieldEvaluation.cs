using RealGanLab.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// One evaluation of the game on a batch: each player's loss (regularizers included), the vector field
/// v = (−∇θ L_G, −∇ψ L_D) as one tensor per parameter, and the unweighted regularizer terms for logging.
/// </summary>
public sealed class FieldEvaluation
{
    public FieldEvaluation(IReadOnlyList<Tensor> losses, IReadOnlyList<Tensor> field, IReadOnlyDictionary<string, Tensor>? terms = null)
    {
        Losses = losses;
        Field = field;
        Terms = terms ?? new Dictionary<string, Tensor>();
    }

    /// <summary>Loss of each player (G, D); empty for games defined by their field alone.</summary>
    public IReadOnlyList<Tensor> Losses { get; }

    /// <summary>v, one tensor per parameter in the game's parameter order.</summary>
    public IReadOnlyList<Tensor> Field { get; }

    /// <summary>Unweighted regularizer terms by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Terms { get; }

    /// <summary>v as one flat vector (θ part first).</summary>
    public Tensor Flat() => Vectors.Flatten(Field);
}
