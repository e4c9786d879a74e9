namespace RealGanLab.Training;

/// <summary>
/// An IProgress that reports on the calling thread. Progress&lt;T&gt; would post to the thread pool, and torch work must
/// not run while another managed thread allocates (TorchSharp frees temporary Scalars in finalizers).
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
