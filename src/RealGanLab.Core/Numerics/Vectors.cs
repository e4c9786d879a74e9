using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Numerics;

/// <summary>Flattening between per-parameter tensors and the flat state vector x = (θ, ψ).</summary>
public static class Vectors
{
    /// <summary>Concatenates the tensors, each flattened, into one vector.</summary>
    public static Tensor Flatten(IEnumerable<Tensor> tensors)
    {
        var parts = tensors.Select(t => t.reshape(-1)).ToArray();
        return parts.Length == 1 ? parts[0] : cat(parts, 0);
    }

    /// <summary>Splits a flat vector into views shaped like <paramref name="like"/>.</summary>
    public static IReadOnlyList<Tensor> Unflatten(Tensor flat, IEnumerable<Tensor> like)
    {
        var result = new List<Tensor>();
        long offset = 0;
        foreach (var t in like)
        {
            long n = t.numel();
            result.Add(flat.narrow(0, offset, n).view(t.shape));
            offset += n;
        }
        if (offset != flat.numel())
            throw new ArgumentException($"flat vector has {flat.numel()} entries, the parameters {offset}");
        return result;
    }

    /// <summary>The gradient tensors returned by autograd.grad with unused inputs replaced by zeros.</summary>
    public static IReadOnlyList<Tensor> OrZeros(IList<Tensor> grads, IReadOnlyList<Tensor> like) =>
        grads.Select((g, i) => g is null || g.IsInvalid ? zeros_like(like[i]) : g).ToList();

    /// <summary>The rows of a 2-D tensor [n, d] as double arrays (through the CPU), e.g. samples for host-side metrics.</summary>
    public static double[][] ToRows(Tensor t)
    {
        var flat = ToArray(t);
        int d = (int)t.shape[1];
        return Enumerable.Range(0, (int)t.shape[0]).Select(i => flat.AsSpan(i * d, d).ToArray()).ToArray();
    }

    /// <summary>Copies a tensor to a double array (through the CPU).</summary>
    public static double[] ToArray(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().to(float64).cpu().reshape(-1).data<double>().ToArray();
    }
}
