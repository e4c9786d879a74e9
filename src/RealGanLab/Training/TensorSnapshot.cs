using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// Copies of some live tensors, written back into them bit for bit on dispose (the live tensor objects stay the same,
/// so modules and optimizers holding them are untouched). <see cref="BufferSnapshot"/> keeps BatchNorm statistics
/// across a probe or an evaluation; <see cref="ParameterSwap"/> lends G's parameters to an average of its iterates.
/// </summary>
public sealed class TensorSnapshot : IDisposable
{
    readonly List<(Tensor Live, Tensor Copy)> saved = [];

    public TensorSnapshot(IEnumerable<Tensor> live)
    {
        foreach (var tensor in live)
        {
            var copy = tensor.detach().clone();
            copy.DetachFromDisposeScope();
            saved.Add((tensor, copy));
        }
    }

    public void Dispose()
    {
        using (no_grad())
            foreach (var (live, copy) in saved)
            {
                live.copy_(copy);
                copy.Dispose();
            }
        saved.Clear();
    }
}
