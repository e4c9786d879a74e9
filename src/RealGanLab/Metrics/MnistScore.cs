using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// The "MNIST score": the Inception score (Salimans et al. 2016, "Improved techniques for training GANs", §4)
/// with the project's MNIST classifier in place of Inception, exp(E_x KL(p(y|x) ‖ p(y))), where p(y) is the mean
/// of p(y|x) over the sample. 1 when every image gets the same prediction; K (= 10) when predictions are
/// confident and spread evenly over the K classes.
/// </summary>
public static class MnistScore
{
    /// <summary>The score of class probabilities [n, K] (rows sum to 1), computed in float64.</summary>
    public static double FromProbabilities(Tensor probabilities)
    {
        if (probabilities.ndim != 2 || probabilities.shape[0] == 0)
            throw new ArgumentException($"probabilities must be [n, K] with n ≥ 1; got [{string.Join(", ", probabilities.shape)}]", nameof(probabilities));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var p = probabilities.detach().to(float64);
        var marginal = p.mean([0L], keepdim: true);
        // p log(p / p(y)), with 0 log 0 = 0: a class a row gives probability 0 contributes nothing.
        var terms = p * (SafeLog(p) - SafeLog(marginal));
        var meanKl = terms.sum(dim: 1).mean().item<double>();
        return Math.Exp(meanKl);
    }

    static Tensor SafeLog(Tensor p) => p.clamp_min(1e-300).log();
}
