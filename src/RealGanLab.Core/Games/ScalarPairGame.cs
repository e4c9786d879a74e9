using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// Base of the analytic games with one scalar per player, x = (θ, ψ): the field is defined by closed-form
/// losses of the two scalars, and there is no data (a batch is just a sample count).
/// </summary>
public abstract class ScalarPairGame : LossGame, IAnalyticGame
{
    protected ScalarPairGame(string name, double theta0, double psi0, Device device, ScalarType dtype) : base(name, device, dtype)
    {
        Theta = new Parameter(tensor(new[] { theta0 }, dtype: dtype, device: device));
        Psi = new Parameter(tensor(new[] { psi0 }, dtype: dtype, device: device));
        SetPlayers([Theta], [Psi]);
    }

    /// <summary>G's scalar.</summary>
    protected Parameter Theta { get; }

    /// <summary>D's scalar.</summary>
    protected Parameter Psi { get; }

    public abstract IReadOnlyList<double[]> Equilibria { get; }
    public abstract double[] DefaultStart { get; }
    public abstract IReadOnlyList<string> CoordinateNames { get; }

    public override GameBatch SampleBatch(int size, Generator generator, long step) => new() { Size = size, Step = step };

    /// <summary>The losses of the two scalars (no data, so the batch does not enter).</summary>
    protected abstract (Tensor LossG, Tensor LossD) Losses(Tensor theta, Tensor psi);

    protected sealed override (Tensor LossG, Tensor LossD) PlayerLosses(GameBatch batch, IDictionary<string, Tensor> terms) =>
        Losses(Theta.squeeze(), Psi.squeeze());
}
