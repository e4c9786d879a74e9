using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// A copy of the modules' buffers (BatchNorm running statistics), put back on dispose. A forward pass in
/// training mode updates those statistics; probes and evaluations must leave the run's state as they found it
/// (docs/design.md §3), or a probed run would differ from an unprobed one.
/// </summary>
public sealed class BufferSnapshot(params nn.Module[] modules) : IDisposable
{
    readonly TensorSnapshot snapshot = new(modules.SelectMany(m => m.buffers()));

    public void Dispose() => snapshot.Dispose();
}
