using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// Other values in a module's parameters for a while: copied in (rounded to the parameters' dtype) on construction,
/// the module's own values copied back bit for bit on dispose. The Parameter objects stay the same, so optimizers
/// built on them are untouched.
/// </summary>
public sealed class ParameterSwap : IDisposable
{
    readonly TensorSnapshot own;

    public ParameterSwap(IReadOnlyList<Parameter> live, IReadOnlyList<Tensor> values)
    {
        own = new TensorSnapshot(live);
        using var _ = no_grad();
        for (int i = 0; i < live.Count; i++) live[i].copy_(values[i]);
    }

    public void Dispose() => own.Dispose();
}
