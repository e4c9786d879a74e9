using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>A rule that carries state from one step to the next (optimistic GD's previous field); checkpoints save it so resume is exact.</summary>
public interface IStatefulRule
{
    /// <summary>The state as one tensor, or null before the first step.</summary>
    Tensor? SaveState();

    /// <summary>Restores what <see cref="SaveState"/> returned (null: no state yet).</summary>
    void LoadState(Tensor? state);
}
