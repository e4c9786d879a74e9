using RealGanLab.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>Reads and writes a game's parameters as one flat state vector x = (θ, ψ).</summary>
public static class GameState
{
    public static double[] Get(IGame game) => Vectors.ToArray(Vectors.Flatten(game.Parameters.Select(p => p.detach())));

    public static Tensor GetTensor(IGame game) => Vectors.Flatten(game.Parameters.Select(p => p.detach())).clone();

    public static void Set(IGame game, double[] state)
    {
        if (state.Length != game.ParameterCount)
            throw new ArgumentException($"state has {state.Length} entries, game '{game.Name}' has {game.ParameterCount} parameters");
        using var scope = NewDisposeScope();
        Set(game, tensor(state, dtype: game.Dtype, device: game.Device));
    }

    public static void Set(IGame game, Tensor flat)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parts = Vectors.Unflatten(flat.to(game.Dtype, game.Device), game.Parameters);
        for (int i = 0; i < parts.Count; i++) game.Parameters[i].copy_(parts[i]);
    }

    /// <summary>Euclidean distance between two states.</summary>
    public static double Distance(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(sum);
    }
}
