using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// The path-angle of Berard, Gidel, Almahairi, Vincent, Lacoste-Julien 2020 ("A closer look at the optimization landscapes of
/// generative adversarial networks", §4): along the straight line θ(α) = θ_A + α(θ_B − θ_A) between two points of training, the
/// cosine between the field and the line's direction. For a potential game with its minimum at B the field points along the
/// line (cos = ±1: +1 before B, −1 past it); rotation around an equilibrium near the line shows as a bump of |cos| near α = 1
/// with cos ≈ 0 elsewhere, and an exact rotation through the line's point gives cos = 0 everywhere. Berard et al. plot F = −v;
/// here it is v (docs/design.md §1), which flips the sign of the cosine. The game's parameters are restored afterwards.
/// </summary>
public static class PathAngle
{
    public static IReadOnlyList<PathAnglePoint> Along(IGame game, GameBatch batch, Tensor from, Tensor to, IReadOnlyList<double> alphas)
    {
        if (from.numel() != game.ParameterCount || to.numel() != game.ParameterCount)
            throw new ArgumentException($"the end points have {from.numel()} and {to.numel()} entries; the game has {game.ParameterCount} parameters");
        using var scope = NewDisposeScope();
        var saved = GameState.GetTensor(game);
        var start = from.to(game.Dtype, game.Device);
        var direction = to.to(game.Dtype, game.Device).sub(start);
        var points = new List<PathAnglePoint>();
        try
        {
            foreach (double alpha in alphas)
            {
                using var step = NewDisposeScope();
                GameState.Set(game, start.add(direction.mul(alpha)));
                var evaluation = game.Evaluate(batch, createGraph: false);
                var v = evaluation.Flat().detach();
                var players = game.Players.Select(p => Cosine(v.narrow(0, p.Offset, p.Count), direction.narrow(0, p.Offset, p.Count))).ToArray();
                var losses = evaluation.Losses.Select(l => l.detach().to(float64).item<double>()).ToArray();
                points.Add(new PathAnglePoint(alpha, Cosine(v, direction), players, v.norm().to(float64).item<double>(), losses));
            }
        }
        finally
        {
            GameState.Set(game, saved);
        }
        return points;
    }

    /// <summary>α from <paramref name="low"/> to <paramref name="high"/> in <paramref name="count"/> equal steps (Berard et al.: −0.5 to 1.5).</summary>
    public static double[] Grid(double low, double high, int count)
    {
        if (count < 2 || !(high > low)) throw new ArgumentException($"a path-angle grid needs at least 2 points and low < high; got {count} points on [{low}, {high}]");
        return Enumerable.Range(0, count).Select(i => low + (high - low) * i / (count - 1)).ToArray();
    }

    static double Cosine(Tensor a, Tensor b)
    {
        var read = stack([a.dot(b), a.norm(), b.norm()]).to(float64).cpu().data<double>().ToArray();
        double denominator = read[1] * read[2];
        return denominator > 0 ? read[0] / denominator : double.NaN;
    }
}
