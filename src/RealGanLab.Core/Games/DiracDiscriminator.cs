using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>The Dirac-GAN discriminator D_ψ(x) = ψ·x, linear without bias (Mescheder et al. 2018, §2.2).</summary>
public sealed class DiracDiscriminator : nn.Module<Tensor, Tensor>
{
    readonly Parameter psi;

    public DiracDiscriminator(double psi0, ScalarType dtype, Device device) : base(nameof(DiracDiscriminator))
    {
        psi = new Parameter(tensor(new[] { psi0 }, dtype: dtype, device: device));
        RegisterComponents();
    }

    /// <summary>D's raw output for each sample: [B].</summary>
    public override Tensor forward(Tensor x) => x.mul(psi).sum(1);
}
