using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>The Dirac-GAN generator G_θ(z) = θ: every sample is the one parameter θ (Mescheder et al. 2018, §2.2).</summary>
public sealed class DiracGenerator : nn.Module<Tensor, Tensor>
{
    readonly Parameter theta;

    public DiracGenerator(double theta0, ScalarType dtype, Device device) : base(nameof(DiracGenerator))
    {
        theta = new Parameter(tensor(new[] { theta0 }, dtype: dtype, device: device));
        RegisterComponents();
    }

    /// <summary>θ repeated for each latent code: [B, 1].</summary>
    public override Tensor forward(Tensor z) => theta.expand(z.shape[0], 1);
}
