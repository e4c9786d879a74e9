using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// The histogram of predicted classes and its KL divergence to the uniform distribution, Σ_k q_k ln(K q_k) over
/// classes with q_k &gt; 0 (docs/design.md §4): 0 when every class is predicted equally often, ln K when one class
/// takes everything. The same measure as the mixtures' reverse KL (<see cref="ModeCoverage.ReverseKl"/>).
/// </summary>
public static class ClassHistogram
{
    /// <summary>How often each of <paramref name="classCount"/> classes occurs among integer predictions (any shape, any device).</summary>
    public static int[] Counts(Tensor classes, int classCount)
    {
        using var scope = NewDisposeScope();
        var flat = classes.detach().flatten().to(int64).cpu();
        if (flat.numel() > 0)
        {
            long min = flat.min().item<long>(), max = flat.max().item<long>();
            if (min < 0 || max >= classCount) throw new ArgumentException($"class indices must lie in [0, {classCount}); found [{min}, {max}]", nameof(classes));
        }
        var counts = flat.bincount(null, classCount);
        return counts.data<long>().Select(c => (int)c).ToArray();
    }

    /// <summary>KL(q ‖ uniform) of the histogram; NaN for an empty histogram.</summary>
    public static double KlToUniform(IReadOnlyList<int> counts) => ModeCoverage.ReverseKl(counts);
}
