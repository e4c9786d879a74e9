using System.Text.Json.Nodes;
using RealGanLab.Games;
using RealGanLab.Metrics;
using RealGanLab.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// The 2-D mixtures' epoch evaluation: the mixture metrics of <see cref="MetricRegistry"/> (PacGAN's mode metrics, and
/// precision, recall, density and coverage against real points of the same number) on the fixed samples, the mode
/// histogram, and the scatter over the true density.
/// </summary>
public sealed class MixtureRunEvaluation(MixtureGan game, RunDirectory run, int seed) : IRunEvaluation
{
    readonly double[][] realSamples = EpochEvaluation.RealSamples(game, 2500, seed);
    /// <summary>The last result of G ("") and of each averaged generator (by name).</summary>
    readonly Dictionary<string, MixtureResult> last = [];
    /// <summary>
    /// The k-NN metrics' real points and their real-vs-real floor, drawn at the first evaluation: as many as the samples,
    /// at most <see cref="ManifoldMetrics.MaxPoints"/> (the distances grow with the square of the count).
    /// </summary>
    (double[][] Points, ManifoldResult Floor)? reference;

    public object? Final => last.GetValueOrDefault("");

    public object? FinalOf(string variant) => last.GetValueOrDefault(variant);

    public string? FinalText => last.GetValueOrDefault("") is { } f ? $"{f.Short} ({f.Samples} samples)" : null;

    public Dictionary<string, object?> Evaluate(Tensor fixedInputs, int epoch, long step, string title, IProgress<PhaseProgress>? progress = null, string? variant = null)
    {
        var (samples, coverage) = EpochEvaluation.Run(game, fixedInputs);
        var (points, floor) = reference ??= Reference(Math.Min(samples.Length, ManifoldMetrics.MaxPoints));
        TrainingPlots.Samples(run.SampleImage(epoch, variant), game.Mixture, realSamples, samples, coverage, $"epoch {epoch}, step {step}: {coverage.Short}\n{title}");
        var record = new Dictionary<string, object?> { ["kind"] = "eval", ["step"] = step, ["epoch"] = epoch };
        var input = new MixtureSamples(samples, game.Mixture, coverage, points);
        foreach (var metric in MetricRegistry.ForMixtures) record[metric.Key] = metric.OnMixture!(input);
        record["mode_counts"] = coverage.Counts;
        last[variant ?? ""] = MixtureResult.From(coverage, input.Manifold, floor);
        return record;
    }

    /// <summary>The real-vs-real floor of the k-NN metrics: what samples distributed exactly as the data would score.</summary>
    public ManifoldResult? Floor => reference?.Floor;

    (double[][], ManifoldResult) Reference(int count)
    {
        var points = EpochEvaluation.RealSamples(game, count, 0, RandomStreams.ManifoldReference);
        var floor = MixtureSamples.Compare(points, EpochEvaluation.RealSamples(game, count, 0, RandomStreams.ManifoldFloor));
        return (points, floor);
    }

    public void DrawCurves(IReadOnlyList<JsonObject> evalLines, string title)
    {
        TrainingPlots.ModeMetrics(run.Plot("mode_metrics.png"), evalLines, game.Mixture.ModeCount, title);
        TrainingPlots.ManifoldMetrics(run.Plot("manifold_metrics.png"), evalLines, Floor, title);
    }

    public void Dispose() { }
}
