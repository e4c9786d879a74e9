using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// Stacked MNIST's mode metrics (Metz et al. 2017, "Unrolled GANs", §3.3.2; Srivastava et al. 2017, VEEGAN;
/// docs/design.md §4): each of the three channels is classified as a digit, the mode of an image is
/// 100·d₀ + 10·d₁ + d₂ (one of 1,000), a mode is covered when at least one sample falls in it, and the KL of
/// the mode histogram to uniform over the 1,000 modes is 0 for a perfect generator and ln 1000 ≈ 6.91 for
/// total collapse.
/// </summary>
public static class StackedModes
{
    public const int Channels = 3;

    public const int ModeCount = 1000;

    /// <summary>Modes of per-channel digits [n, 3] (int, any device).</summary>
    public static StackedModesResult Evaluate(Tensor digits)
    {
        if (digits.ndim != 2 || digits.shape[1] != Channels)
            throw new ArgumentException($"digits must be [n, 3] (one per channel); got [{string.Join(", ", digits.shape)}]", nameof(digits));
        using var scope = NewDisposeScope();
        var d = digits.detach().to(int64).cpu();
        var modes = d[.., 0] * 100 + d[.., 1] * 10 + d[.., 2];
        var counts = ClassHistogram.Counts(modes, ModeCount);
        return new StackedModesResult(counts.Count(c => c > 0), ClassHistogram.KlToUniform(counts), counts);
    }
}
