using System.Text.Json.Nodes;
using RealGanLab.Games;
using RealGanLab.Metrics;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// The 2-D mixtures' epoch evaluation: the mixture metrics of <see cref="MetricRegistry"/> (PacGAN's mode metrics) on the
/// fixed samples, the mode histogram, and the scatter over the true density.
/// </summary>
public sealed class MixtureRunEvaluation(MixtureGan game, RunDirectory run, int seed) : IRunEvaluation
{
    readonly double[][] realSamples = EpochEvaluation.RealSamples(game, 2500, seed);
    /// <summary>The last result of G ("") and of each averaged generator (by name).</summary>
    readonly Dictionary<string, ModeCoverageResult> last = [];

    public object? Final => last.GetValueOrDefault("");

    public object? FinalOf(string variant) => last.GetValueOrDefault(variant);

    public string? FinalText => last.GetValueOrDefault("") is { } f ? $"{f.Short} ({f.Samples} samples)" : null;

    public Dictionary<string, object?> Evaluate(Tensor fixedInputs, int epoch, long step, string title, IProgress<PhaseProgress>? progress = null, string? variant = null)
    {
        var (samples, coverage) = EpochEvaluation.Run(game, fixedInputs);
        last[variant ?? ""] = coverage;
        TrainingPlots.Samples(run.SampleImage(epoch, variant), game.Mixture, realSamples, samples, coverage, $"epoch {epoch}, step {step}: {coverage.Short}\n{title}");
        var record = new Dictionary<string, object?> { ["kind"] = "eval", ["step"] = step, ["epoch"] = epoch };
        var input = new MixtureSamples(samples, game.Mixture, coverage);
        foreach (var metric in MetricRegistry.ForMixtures) record[metric.Key] = metric.OnMixture!(input);
        record["mode_counts"] = coverage.Counts;
        return record;
    }

    public void DrawCurves(IReadOnlyList<JsonObject> evalLines, string title) =>
        TrainingPlots.ModeMetrics(run.Plot("mode_metrics.png"), evalLines, game.Mixture.ModeCount, title);

    public void Dispose() { }
}
