using RealGanLab.Numerics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// A linear game v(x) = A·x with J = A everywhere, for testing the probe on a known spectrum. The state
/// splits into two blocks, G the first ⌊n/2⌋ coordinates and D the rest. Defined by its field: a general
/// non-symmetric A is not (−∇θ L_G, −∇ψ L_D) of two player losses, so no losses are reported.
/// </summary>
public sealed class LinearGame : IAnalyticGame
{
    readonly Tensor matrix;
    readonly Parameter xG;
    readonly Parameter xD;

    public LinearGame(Tensor a, long seed, Device device, ScalarType dtype)
    {
        if (a.dim() != 2 || a.shape[0] != a.shape[1] || a.shape[0] < 2)
            throw new ArgumentException("A must be a square matrix of size at least 2");
        int n = (int)a.shape[0];
        matrix = a.to(dtype, device).detach().clone();
        Device = device;
        Dtype = dtype;
        using (var scope = NewDisposeScope())
        {
            var start = randn(new long[] { n }, dtype: float64, generator: new Generator((ulong)seed + 7919));
            DefaultStart = Vectors.ToArray(start.div(start.norm()));
        }
        xG = new Parameter(tensor(DefaultStart[..(n / 2)], dtype: dtype, device: device));
        xD = new Parameter(tensor(DefaultStart[(n / 2)..], dtype: dtype, device: device));
        Players = Player.Pair([xG], [xD]);
        Parameters = [xG, xD];
        ParameterCount = n;
    }

    public string Name => "linear";
    public string Title => $"linear game v = A·x, n = {ParameterCount}";
    public IReadOnlyList<Player> Players { get; }
    public IReadOnlyList<Parameter> Parameters { get; }
    public long ParameterCount { get; }
    public Device Device { get; }
    public ScalarType Dtype { get; }
    public IReadOnlyList<double[]> Equilibria => [new double[ParameterCount]];
    public double[] DefaultStart { get; }
    public IReadOnlyList<string> CoordinateNames => ["x₁", "x₂"];

    public GameBatch SampleBatch(int size, Generator generator, long step) => new() { Size = size, Step = step };

    public FieldEvaluation Evaluate(GameBatch batch, bool createGraph)
    {
        var v = matrix.mv(cat([xG, xD], 0));
        if (!createGraph) v = v.detach();
        return new FieldEvaluation([], [v.narrow(0, 0, xG.numel()), v.narrow(0, xG.numel(), xD.numel())]);
    }

    public void Dispose()
    {
        matrix.Dispose();
        xG.Dispose();
        xD.Dispose();
    }
}
