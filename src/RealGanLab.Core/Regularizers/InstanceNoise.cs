using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>
/// Instance noise (Sønderby et al. 2017; Arjovsky &amp; Bottou 2017): D sees x + σ_t ε for real and generated
/// inputs, ε ~ N(0, I) drawn with the batch. σ_t = σ·max(0, 1 − t/T) when annealed over T steps.
/// On the Dirac-GAN: eigenvalues f″(0)σ² ± √(f″(0)²σ⁴ − f′(0)²) (in expectation over ε).
/// </summary>
public sealed class InstanceNoise(double sigma, int annealSteps) : IInputTransform
{
    public string Name => "instanceNoise";
    public bool NeedsNoise => true;

    /// <summary>σ before annealing.</summary>
    public double Sigma => sigma;

    /// <summary>σ at a training step.</summary>
    public double SigmaAt(long step) =>
        annealSteps <= 0 ? sigma : sigma * Math.Max(0.0, 1.0 - (double)step / annealSteps);

    public (Tensor Real, Tensor Fake) Apply(Tensor real, Tensor fake, Games.GameBatch batch)
    {
        double s = SigmaAt(batch.Step);
        return (real.add(batch.RealNoise!.mul(s)), fake.add(batch.FakeNoise!.mul(s)));
    }
}
