using RealGanLab.Numerics;
using System.Text.Json.Nodes;
using RealGanLab.Classifiers;
using RealGanLab.Configuration;
using RealGanLab.Metrics;
using RealGanLab.Games;
using RealGanLab.Output;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// The image games' epoch evaluation: G on the run's fixed inputs (the same at every epoch and across resume), an
/// 8×8 grid of the first 64 in samples/epoch_NNNN.png (the compression game: inputs next to their
/// reconstructions), and the classifier metrics of docs/design.md §4 on all of them, next to the real-data floor.
/// </summary>
public sealed class ImageRunEvaluation : IRunEvaluation
{
    const int GridSize = 64;
    const int Chunk = 500;
    readonly ImageGan game;
    readonly RunDirectory run;
    readonly ImageEvaluator? metrics;
    /// <summary>The last values of G ("") and of each averaged generator (by name).</summary>
    readonly Dictionary<string, Dictionary<string, double>> last = [];

    ImageRunEvaluation(ImageGan game, RunDirectory run, ImageEvaluator? metrics,
        IReadOnlyDictionary<string, double>? floor)
    {
        this.game = game;
        this.run = run;
        this.metrics = metrics;
        Floor = floor;
    }

    /// <summary>The metrics on real test images against the training set: the best a generator can do.</summary>
    public IReadOnlyDictionary<string, double>? Floor { get; }

    /// <summary>
    /// Loads the project's classifier (training it first when there is none: 'realganlab classifier train'), the
    /// Fréchet reference statistics and the real-data floor for this run's sample count, all cached beside the classifier.
    /// </summary>
    /// <param name="progress">Reported while the classifier trains and the statistics are computed (each only when not cached).</param>
    public static ImageRunEvaluation Create(ImageGan game, RunDirectory run, ExperimentConfig config, IProgress<PhaseProgress>? progress = null)
    {
        static void Log(string line) => Console.Error.WriteLine(line.StartsWith("classifier") ? line : $"classifier: {line}");
        var store = new ClassifierStore();
        StoredClassifier stored;
        try
        {
            stored = store.LoadOrTrain(CPU, Log, progress: progress);
        }
        catch (ClassifierStoreException e)
        {
            throw new BadInputException("classifier", e.Message);
        }
        var cache = new FeatureStatisticsCache(store.Directory, stored.Info);
        var evaluator = cache.Evaluator(stored.Model, game.Device, Log, progress);
        var floor = cache.Floor(evaluator, game.Channels, config.Train.EvalSamples, RandomStreams.Seed(0, RandomStreams.PlotData), progress);
        return new ImageRunEvaluation(game, run, evaluator, floor);
    }

    /// <summary>The last evaluation, with the real-data floor of each metric next to it (floor_&lt;name&gt;).</summary>
    public object? Final => last.GetValueOrDefault("") is not { } values ? null
        : values.Concat((Floor ?? new Dictionary<string, double>()).Select(kv => KeyValuePair.Create("floor_" + kv.Key, kv.Value)))
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>The last values of an averaged generator (the floor is G's: it does not depend on the generator).</summary>
    public object? FinalOf(string variant) => last.GetValueOrDefault(variant);

    public string? FinalText => last.GetValueOrDefault("") is not { } values ? null : string.Join("  ", values.Select(kv => $"{kv.Key} {kv.Value:g4}"));

    public Dictionary<string, object?> Evaluate(Tensor fixedInputs, int epoch, long step, string title, IProgress<PhaseProgress>? progress = null, string? variant = null)
    {
        var phase = $"evaluating epoch {epoch}";
        using var buffers = new BufferSnapshot(game.GeneratorNetwork, game.DiscriminatorNetwork);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        int n = (int)fixedInputs.shape[0];
        // In chunks: the whole evaluation set (26,000 for Stacked MNIST) at once would hold every activation.
        // Counted in images classified; generating them (a fraction of the time) shows as the start.
        progress?.Report(new PhaseProgress(phase, 0, n, "images"));
        var generated = cat(Enumerable.Range(0, (n + Chunk - 1) / Chunk)
            .Select(i => game.Generate(fixedInputs.narrow(0, i * Chunk, Math.Min(Chunk, n - i * Chunk)))).ToList(), 0);
        var shape = game.Images.Shape;
        var images = generated.view(shape.Batch(n));
        var values = new Dictionary<string, double>();
        if (game is CompressionGan)
            foreach (var metric in MetricRegistry.ForReconstructions) values[metric.Key] = metric.OnReconstructions!(new Reconstructions(fixedInputs, generated));
        if (metrics is not null)
            foreach (var (key, value) in metrics.Evaluate(images, (done, total) => progress?.Report(new PhaseProgress(phase, done, total, "images"))))
                values[key] = value;
        last[variant ?? ""] = values;

        var shown = images.narrow(0, 0, Math.Min(GridSize, n));
        var caption = $"epoch {epoch}, step {step}" + (values.Count > 0 ? ": " + Short(values) : "") + $"\n{title}";
        if (game is CompressionGan)
            ImageGrid.Save(run.SampleImage(epoch, variant), [fixedInputs.narrow(0, 0, shown.shape[0]).view(shown.shape), shown], 8, 2,
                "left: test inputs, right: G(x)\n" + caption);
        else
            ImageGrid.Save(run.SampleImage(epoch, variant), shown, 8, 2, caption);

        var record = new Dictionary<string, object?> { ["kind"] = "eval", ["step"] = step, ["epoch"] = epoch };
        foreach (var (key, value) in values) record[key] = value;
        return record;
    }

    static string Short(IReadOnlyDictionary<string, double> values) =>
        string.Join(", ", values.Select(kv => $"{kv.Key} {kv.Value:g3}"));

    public void DrawCurves(IReadOnlyList<JsonObject> evalLines, string title) =>
        TrainingPlots.ImageMetrics(run.Plots, evalLines, Floor, title);

    public void Dispose() => metrics?.Dispose();
}
