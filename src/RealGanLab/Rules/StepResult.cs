using RealGanLab.Games;

namespace RealGanLab.Rules;

/// <summary>Scalars of one step, read once at its end: losses and ‖v‖ per player at the state before the update.</summary>
public sealed record StepResult(double[] Losses, double[] FieldNorms, IReadOnlyDictionary<string, double> Terms)
{
    /// <summary>Reads the scalars of an evaluation (one host sync per scalar, once per step).</summary>
    public static StepResult From(FieldEvaluation evaluation, IGame game, IReadOnlyDictionary<string, double>? extra = null)
    {
        var losses = evaluation.Losses.Select(l => l.detach().to_type(TorchSharp.torch.float64).item<double>()).ToArray();
        var flat = evaluation.Flat().detach();
        var norms = game.Players.Select(p => flat.narrow(0, p.Offset, p.Count).norm().to_type(TorchSharp.torch.float64).item<double>()).ToArray();
        var terms = evaluation.Terms.ToDictionary(t => t.Key, t => t.Value.detach().to_type(TorchSharp.torch.float64).item<double>());
        if (extra is not null) foreach (var (k, v) in extra) terms[k] = v;
        return new StepResult(losses, norms, terms);
    }
}
