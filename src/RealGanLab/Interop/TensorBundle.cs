using static TorchSharp.torch;

namespace RealGanLab.Interop;

/// <summary>
/// Named tensors as a module's buffers, so that TorchSharp.PyBridge writes them as one PyTorch state dict
/// (<c>torch.load</c> gives a dict of tensors): the export's probe batch and the outputs to check against.
/// </summary>
public sealed class TensorBundle : nn.Module
{
    public TensorBundle(IEnumerable<(string Name, Tensor Value)> tensors) : base("bundle")
    {
        foreach (var (name, value) in tensors) register_buffer(name, value.detach().to(CPU).contiguous());
    }
}
