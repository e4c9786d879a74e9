using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// A copy of the modules' buffers (BatchNorm running statistics), put back on dispose. A forward pass in
/// training mode updates those statistics; probes and evaluations must leave the run's state as they found it
/// (docs/design.md §3), or a probed run would differ from an unprobed one.
/// </summary>
public sealed class BufferSnapshot : IDisposable
{
    readonly List<(Tensor Live, Tensor Copy)> saved = [];

    public BufferSnapshot(params nn.Module[] modules)
    {
        foreach (var module in modules)
            foreach (var buffer in module.buffers())
            {
                var copy = buffer.detach().clone();
                copy.DetachFromDisposeScope();
                saved.Add((buffer, copy));
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
