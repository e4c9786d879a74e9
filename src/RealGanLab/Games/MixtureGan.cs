using RealGanLab.Data;
using RealGanLab.Losses;
using RealGanLab.Networks;
using RealGanLab.Numerics;
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

    public Tensor UnrolledGeneratorLoss(GameBatch batch, int steps, double learningRate)
    {
        if (!discriminator.SupportsFunctional)
            throw new InvalidOperationException("the unrolled rule needs a discriminator without BatchNorm");
        IReadOnlyList<Tensor> psi = Players[PlayerIndex.Discriminator].Parameters.Cast<Tensor>().ToList();
        var scratch = new Dictionary<string, Tensor>();
        for (int k = 0; k < steps; k++)
        {
            var current = psi;
            var (_, lossD) = PlayerLosses(batch, x => discriminator.Functional(x, current), scratch);
            // create_graph: ψ_{k+1} must stay a differentiable function of θ (gradients through the unroll).
            var grads = TorchSharp.torch.autograd.grad([lossD], current.ToList(), retain_graph: true, create_graph: true, allow_unused: true);
            psi = current.Zip(Vectors.OrZeros(grads, current)).Select(pg => pg.First.sub(pg.Second.mul(learningRate))).ToList();
        }
        var unrolled = psi;
        return PlayerLosses(batch, x => discriminator.Functional(x, unrolled), scratch).LossG;
    }
}
