using RealGanLab.Data;
using RealGanLab.Losses;
using RealGanLab.Networks;
using RealGanLab.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// The neural 2-D game: an MLP generator and an (optionally packed) MLP discriminator on a Gaussian mixture
/// (Metz et al. 2017; PacGAN, Lin et al. 2018). It is a <see cref="GanGame"/> like the Dirac-GAN, so every
/// loss family, regularizer, update rule and probe applies unchanged.
/// </summary>
public sealed class MixtureGan : GanGame, IUnrollableGame
{
    readonly PackedDiscriminator discriminator;

    public MixtureGan(GaussianMixture mixture, Mlp generator, PackedDiscriminator discriminator, int latentDimension,
        ILossFamily loss, RegularizerSet regularizers, Device device, ScalarType dtype)
        : base("mlp", generator, discriminator, mixture, latentDimension, loss, regularizers, device, dtype)
    {
        this.discriminator = discriminator;
        Mixture = mixture;
    }

    public GaussianMixture Mixture { get; }

    /// <summary>PacGAN packing degree m (1 = none).</summary>
    public int Pack => discriminator.Pack;

    protected override int DiscriminatorGroup => Pack;

    public override string Title =>
        Describe($"MLP GAN on {Mixture.Name}" + (Pack > 1 ? $", PacGAN{Pack}" : ""));

    public GanObjectives ObjectivesAt(GameBatch batch, IReadOnlyList<Tensor> discriminatorParameters, Tensor? generated = null)
    {
        if (!discriminator.SupportsFunctional)
            throw new InvalidOperationException("the unrolled rule needs a discriminator without BatchNorm");
        return Objectives(batch, x => discriminator.Functional(x, discriminatorParameters), new Dictionary<string, Tensor>(), generated);
    }
}
