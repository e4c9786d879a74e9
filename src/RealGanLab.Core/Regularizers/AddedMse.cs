using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>
/// Added MSE on G (the generative-compression game of the seed essay): μ E[(G(z) − target)²], the mean
/// over all elements, with the paired target (the Dirac-GAN's data point; later the input image of an
/// encoder–decoder generator). On the Dirac-GAN: eigenvalues −μ ± √(μ² − f′(0)²).
/// </summary>
public sealed class AddedMse(double mu) : IRegularizer
{
    public string Name => "mse";
    public int Target => PlayerIndex.Generator;
    public double Weight => mu;
    public bool NeedsMix => false;

    public Tensor Term(PenaltyContext c)
    {
        if (c.Target is null) throw new InvalidOperationException("added MSE needs a paired target; this game has none");
        return c.Generated.sub(c.Target).square().mean();
    }
}
