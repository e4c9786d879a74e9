using RealGanLab.Losses;
using RealGanLab.Regularizers;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// The Dirac-GAN (Mescheder, Geiger, Nowozin 2018, §2.2): data δ_μ, G_θ = θ, D_ψ(x) = ψx. Unique
/// equilibrium (μ, 0); with f′(0) = ½ the Jacobian there has eigenvalues ±0.5i (docs/design.md §2 table).
/// With data std &gt; 0 the data is N(μ, σ²) and v is stochastic; E v still vanishes at (μ, 0). (μ, 0) is an
/// equilibrium when f1′(0) + f2′(0) = 0 or μ = 0: v_ψ(μ, 0) = μ(f1′(0) + f2′(0)); the config check refuses the rest.
/// </summary>
public sealed class DiracGame : GanGame, IAnalyticGame
{
    readonly double dataMean;

    public DiracGame(ILossFamily loss, RegularizerSet regularizers, double dataMean, double dataStd, Device device, ScalarType dtype)
        : base("dirac", new DiracGenerator(1.0, dtype, device), new DiracDiscriminator(1.0, dtype, device),
               new DiracData(dataMean, dataStd), 1, loss, regularizers, device, dtype)
    {
        this.dataMean = dataMean;
        NoisyData = dataStd > 0;
    }

    /// <summary>True for the noisy-data variant.</summary>
    public bool NoisyData { get; }

    /// <summary>G ignores its latent code, so only noisy data, instance noise and interpolates make v random.</summary>
    public override bool Stochastic => NoisyData || Regularizers.NeedsNoise || Regularizers.NeedsMix || Regularizers.NeedsPerturbation;

    public override string Title => Describe("Dirac-GAN" + (NoisyData ? " (noisy data)" : ""));

    public IReadOnlyList<double[]> Equilibria => [[dataMean, 0.0]];

    public double[] DefaultStart => [dataMean + 1.0, 1.0];

    public IReadOnlyList<string> CoordinateNames => ["θ (generator)", "ψ (discriminator)"];
}
