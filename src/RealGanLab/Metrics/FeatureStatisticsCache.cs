using System.Text.Json;
using System.Text.Json.Nodes;
using RealGanLab.Checkpoints;
using RealGanLab.Classifiers;
using RealGanLab.Data.Mnist;
using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// What every image run would otherwise recompute from scratch, kept beside the classifier and tied to its checksum:
/// the mean and covariance of the penultimate features of the 60,000 training digits (the Fréchet reference), the
/// features of 10,000 of them (the k-NN metrics' real points), and the real-data floors (test images scored like
/// generated ones, docs/design.md §4) per channels, sample count and seed. A file made for another classifier, one
/// without a part that is asked for now, or one that does not verify, is recomputed and replaced.
/// </summary>
public sealed class FeatureStatisticsCache(string directory, ClassifierInfo classifier)
{
    string StatisticsPath => Path.Combine(directory, "lenet-mnist.train-features.ckpt");

    string FloorsPath => Path.Combine(directory, "lenet-mnist.floors.json");

    /// <summary>The evaluator for <paramref name="model"/>, from cached training statistics when they match the classifier.</summary>
    /// <param name="progress">Reported while the training digits' features are computed (when they are not cached).</param>
    public ImageEvaluator Evaluator(LeNet model, Device device, Action<string> log, IProgress<Training.PhaseProgress>? progress = null)
    {
        using var test = MnistStore.Load(MnistSplit.Test);
        if (TryReadStatistics() is var (cached, reference)) return ImageEvaluator.Create(model, cached, reference, test, device);
        log("computing the classifier's features of the 60,000 training digits (once; cached beside the classifier)");
        using var train = MnistStore.Load(MnistSplit.Train);
        var evaluator = ImageEvaluator.Create(model, train, test, device,
            (done, total) => progress?.Report(new Training.PhaseProgress("feature statistics of the training set", done, total, "images")));
        try
        {
            var writer = new CheckpointWriter()
                .AddJson("classifier", new JsonObject { ["sha256"] = classifier.CheckpointSha256 }.ToJsonString())
                .AddTensor("mean", evaluator.TrainStatistics.Mean.cpu())
                .AddTensor("covariance", evaluator.TrainStatistics.Covariance.cpu())
                .AddTensor("reference", evaluator.ReferenceFeatures);
            writer.Save(StatisticsPath);
        }
        catch (IOException e)
        {
            log($"warning: could not cache the training statistics ({e.Message}); they will be recomputed next time");
        }
        return evaluator;
    }

    /// <summary>The real-data floor of the metrics for <paramref name="channels"/> and <paramref name="samples"/> test images.</summary>
    /// <param name="progress">Reported while the floor is computed (when it is not cached).</param>
    public IReadOnlyDictionary<string, double> Floor(ImageEvaluator evaluator, int channels, int samples, ulong seed, IProgress<Training.PhaseProgress>? progress = null)
    {
        var key = $"{classifier.CheckpointSha256[..16]}/c{channels}/n{samples}/s{seed}";
        var floors = ReadFloors();
        if (floors[key] is JsonObject found && MetricRegistry.ForImages(channels).All(e => found.ContainsKey(e.Key)))
            return found.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>());
        var computed = evaluator.RealFloor(channels, Math.Min(samples, channels == 1 ? 10_000 : samples), seed,
            (done, total) => progress?.Report(new Training.PhaseProgress("feature statistics of the real test set", done, total, "images")));
        floors[key] = new JsonObject(computed.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        try
        {
            Output.AtomicFile.WriteAllText(FloorsPath, floors.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        catch (IOException) { /* a cache only: the floor is recomputed next time */ }
        return computed;
    }

    (FeatureStatistics, Tensor)? TryReadStatistics()
    {
        if (!File.Exists(StatisticsPath)) return null;
        try
        {
            var reader = CheckpointReader.Open(StatisticsPath);
            var sha = JsonNode.Parse(reader.ReadJson("classifier"))?["sha256"]?.GetValue<string>();
            if (sha != classifier.CheckpointSha256) return null;
            // The statistics first: a cache without the reference (written before the k-NN metrics) then leaks nothing.
            var statistics = FeatureStatistics.FromMoments(reader.ReadTensor("mean"), reader.ReadTensor("covariance"));
            try
            {
                return (statistics, reader.ReadTensor("reference"));
            }
            catch
            {
                statistics.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is IOException or CheckpointCorruptException or CheckpointSectionException or JsonException)
        {
            return null;
        }
    }

    JsonObject ReadFloors()
    {
        try
        {
            return File.Exists(FloorsPath) ? JsonNode.Parse(File.ReadAllText(FloorsPath)) as JsonObject ?? [] : [];
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return [];
        }
    }
}
