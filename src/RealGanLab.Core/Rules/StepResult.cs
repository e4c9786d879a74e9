using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Rules;

/// <summary>
/// Scalars of one step, read once at its end: losses and ‖v‖ per player at the state before the update, and whether
/// every parameter is finite after it (the trainer's divergence check).
/// </summary>
public sealed record StepResult(double[] Losses, double[] FieldNorms, IReadOnlyDictionary<string, double> Terms)
{
    /// <summary>Every parameter finite after the update (read with the other scalars; rules build results after updating).</summary>
    public bool ParametersFinite { get; init; } = true;

    /// <summary>
    /// Reads the scalars of an evaluation — losses, ‖v‖ per player, regularizer terms, the rule's
    /// <paramref name="extra"/> scalars and whether the game's parameters are all finite — in one host copy: on CUDA
    /// every read is a synchronisation, so one per step, not one per scalar. Call it after the update.
    /// </summary>
    public static StepResult From(FieldEvaluation evaluation, IGame game, IReadOnlyDictionary<string, Tensor>? extra = null)
    {
        var flat = evaluation.Flat().detach();
        var termNames = evaluation.Terms.Keys.Concat(extra?.Keys ?? []).ToList();
        var scalars = evaluation.Losses.Select(l => l.detach())
            .Concat(game.Players.Select(p => flat.narrow(0, p.Offset, p.Count).norm()))
            .Concat(evaluation.Terms.Values.Select(t => t.detach()))
            .Concat(extra?.Values.Select(t => t.detach()) ?? [])
            .Append(stack(game.Parameters.Select(p => p.detach().isfinite().all()).ToArray()).all())
            .Select(t => t.reshape(1).to_type(float64))
            .ToArray();
        var values = cat(scalars).cpu().data<double>().ToArray();
        int losses = evaluation.Losses.Count, players = game.Players.Count;
        var terms = new Dictionary<string, double>();
        for (int i = 0; i < termNames.Count; i++) terms[termNames[i]] = values[losses + players + i];
        return new StepResult(values[..losses], values[losses..(losses + players)], terms) { ParametersFinite = values[^1] == 1 };
    }
}
