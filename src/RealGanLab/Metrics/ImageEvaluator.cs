using RealGanLab.Classifiers;
using RealGanLab.Data.Mnist;
using RealGanLab.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>
/// The MNIST and Stacked MNIST metrics of docs/design.md §4 for a batch of images, with the project's classifier: the
/// images are classified once (<see cref="ClassifiedImages"/>) and every image entry of <see cref="MetricRegistry"/> is
/// computed from that pass — the MNIST score (<see cref="MnistScore"/>), the Fréchet distance of penultimate features to those of the real
/// training set (<see cref="FrechetDistance"/>, the real statistics computed once in <see cref="Create(LeNet, MnistSet, MnistSet, Device, Action{long, long})"/>), the KL
/// of the predicted-class histogram to uniform (<see cref="ClassHistogram"/>) and, for three channels,
/// Stacked MNIST's modes and KL (<see cref="StackedModes"/>). <see cref="RealFloor"/> gives the same numbers for
/// real test images, the floor every table reports next to a generator's. Images are classified in batches
/// under no_grad, one dispose scope per batch.
/// </summary>
public sealed class ImageEvaluator : IDisposable
{
    public const string MnistScoreKey = "mnist_score";
    public const string FrechetDistanceKey = "frechet_distance";
    public const string ClassKlKey = "class_kl";
    public const string ModesKey = "modes";
    public const string StackedKlKey = "stacked_kl";

    /// <summary>Digit images per classifier call: large enough to keep the CPU busy, small enough for ~80 MB of activations.</summary>
    public const int BatchSize = 1000;

    /// <summary>
    /// Training digits whose features the k-NN metrics compare generated images with, and the most images those
    /// metrics read: 10,000 × 10,000 distances take a few seconds on 2 cores (docs/performance.md).
    /// </summary>
    public const int ReferenceSize = ManifoldMetrics.MaxPoints;

    readonly LeNet classifier;
    readonly Device device;
    readonly Tensor testImages;

    ImageEvaluator(LeNet classifier, Device device, Tensor testImages, FeatureStatistics trainStatistics, Tensor referenceFeatures)
    {
        this.classifier = classifier;
        this.device = device;
        this.testImages = testImages;
        TrainStatistics = trainStatistics;
        ReferenceFeatures = referenceFeatures;
    }

    /// <summary>Feature statistics of the 60,000 real training images, the reference of every Fréchet distance.</summary>
    public FeatureStatistics TrainStatistics { get; }

    /// <summary>
    /// Features [<see cref="ReferenceSize"/>, 128] of training digits drawn without replacement
    /// (<see cref="RandomStreams.ManifoldReference"/>, seed 0): the real points of precision, recall, density and coverage.
    /// </summary>
    public Tensor ReferenceFeatures { get; }

    /// <summary>
    /// Moves <paramref name="classifier"/> to <paramref name="device"/> and into eval mode (it stays the caller's to
    /// dispose), computes the training set's feature statistics and keeps a copy of the test images for
    /// <see cref="RealFloor"/>. The evaluator owns its tensors (not the dispose scope open at the call); dispose it.
    /// </summary>
    /// <param name="onBatch">Called with (images done, all images) as the training digits are classified.</param>
    public static ImageEvaluator Create(LeNet classifier, MnistSet train, MnistSet test, Device device, Action<long, long>? onBatch = null)
    {
        classifier.to(device);
        classifier.eval();
        var (probabilities, features, digits) = Classify(classifier, device, train.Count, 1,
            (start, count) => MnistSet.ToFloat(train.Images.narrow(0, start, count), ScalarType.Float32), onBatch);
        probabilities.Dispose();
        digits.Dispose();
        using (features)
        {
            using var generator = new Generator(RandomStreams.Seed(0, RandomStreams.ManifoldReference));
            using var picked = randperm(features.shape[0], generator: generator).narrow(0, 0, Math.Min(ReferenceSize, features.shape[0]));
            return Create(classifier, FeatureStatistics.FromFeatures(features), features.index_select(0, picked), test, device);
        }
    }

    /// <summary>
    /// The metrics of float images [n, C, 28, 28] in [−1, 1] on any device: for C = 1 "mnist_score",
    /// "frechet_distance" and "class_kl"; for C = 3 (Stacked MNIST) also "modes" and "stacked_kl", the first three
    /// then computed over all channels as single digit images.
    /// </summary>
    /// <summary>
    /// An evaluator from training-feature statistics computed earlier (<see cref="TrainStatistics"/> of an evaluator with
    /// the same classifier, kept on disk by <see cref="FeatureStatisticsCache"/>): classifying all 60,000 training
    /// digits is the slowest part of <see cref="Create(LeNet, MnistSet, MnistSet, Device, Action{long, long})"/>. Takes ownership of the statistics
    /// and of <paramref name="referenceFeatures"/> (<see cref="ReferenceFeatures"/>).
    /// </summary>
    public static ImageEvaluator Create(LeNet classifier, FeatureStatistics trainStatistics, Tensor referenceFeatures, MnistSet test, Device device)
    {
        classifier.to(device);
        classifier.eval();
        var reference = referenceFeatures.to(ScalarType.Float32, CPU).DetachFromDisposeScope();
        if (!ReferenceEquals(reference, referenceFeatures)) referenceFeatures.Dispose();
        return new ImageEvaluator(classifier, device, test.Images.clone().DetachFromDisposeScope(), trainStatistics, reference);
    }

    /// <param name="onBatch">Called with (images done, all images) as they are classified.</param>
    public IReadOnlyDictionary<string, double> Evaluate(Tensor images, Action<long, long>? onBatch = null) => EvaluateDetailed(images, onBatch).Metrics;

    /// <summary><see cref="Evaluate"/> with the class and mode histograms.</summary>
    public ImageEvaluation EvaluateDetailed(Tensor images, Action<long, long>? onBatch = null)
    {
        if (images.ndim != 4 || images.shape[2] != 28 || images.shape[3] != 28)
            throw new ArgumentException($"images must be [n, C, 28, 28]; got [{string.Join(", ", images.shape)}]", nameof(images));
        if (!images.is_floating_point())
            throw new ArgumentException($"images must be floats in [−1, 1]; got {images.dtype}", nameof(images));
        return Run(images.shape[0], (int)images.shape[1], (start, count) => images.narrow(0, start, count), onBatch);
    }

    /// <summary>
    /// The same metrics for <paramref name="samples"/> real test images against the training statistics: the
    /// floor a perfect generator would reach. For C = 1 the images are drawn without replacement (all of them,
    /// in order, when <paramref name="samples"/> is 10,000); for C = 3 each channel is an independently drawn
    /// test digit, as in Stacked MNIST.
    /// </summary>
    /// <param name="onBatch">Called with (images done, all images) as they are classified.</param>
    public IReadOnlyDictionary<string, double> RealFloor(int channels, int samples, ulong seed, Action<long, long>? onBatch = null) =>
        RealFloorDetailed(channels, samples, seed, onBatch).Metrics;

    /// <summary><see cref="RealFloor"/> with the class and mode histograms.</summary>
    public ImageEvaluation RealFloorDetailed(int channels, int samples, ulong seed, Action<long, long>? onBatch = null)
    {
        CheckChannels(channels);
        long n = testImages.shape[0];
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, "at least 2 images (a covariance needs two)");
        if (channels == 1 && samples > n) throw new ArgumentOutOfRangeException(nameof(samples), samples, $"at most the {n:N0} test images");
        var generator = new Generator(seed);
        using var indices = channels == 1
            ? (samples == n ? arange(n) : randperm(n, generator: generator).narrow(0, 0, samples)).unsqueeze(1)
            : randint(n, [samples, channels], generator: generator);
        return Run(samples, channels, (start, count) =>
        {
            var picked = testImages.index_select(0, indices.narrow(0, start, count).flatten());
            return MnistSet.ToFloat(picked, ScalarType.Float32).reshape(count, channels, 28, 28);
        }, onBatch);
    }

    ImageEvaluation Run(long count, int channels, Func<long, long, Tensor> batch, Action<long, long>? onBatch)
    {
        CheckChannels(channels);
        if (count < 2) throw new ArgumentException($"at least 2 images are needed (a covariance needs two); got {count}");
        // Channels become separate digit images: [b, C, 28, 28] → [b·C, 1, 28, 28], image-major.
        var (probabilities, features, digits) = Classify(classifier, device, count, channels, (start, length) =>
            batch(start, length).reshape(length * channels, 1, 28, 28), onBatch);
        using var reference = Reference(channels, count);
        using var classified = new ClassifiedImages(probabilities, features, digits, count, channels, TrainStatistics, reference);
        var metrics = MetricRegistry.ForImages(channels).ToDictionary(e => e.Key, e => e.OnImages!(classified));
        return new ImageEvaluation(metrics, classified.ClassCounts, classified.Stacked?.Counts);
    }

    /// <summary>
    /// Real points for <paramref name="count"/> images of <paramref name="channels"/> channels: min(count, 10,000) rows of
    /// <see cref="ReferenceFeatures"/>, for Stacked MNIST three random ones side by side per row (its images are
    /// independent digit triples), always the same for the same sizes.
    /// </summary>
    Tensor Reference(int channels, long count)
    {
        long n = Math.Min(count, ReferenceFeatures.shape[0]);
        if (channels == 1) return ReferenceFeatures.narrow(0, 0, n);
        using var generator = new Generator(RandomStreams.Seed(1, RandomStreams.ManifoldReference));     // seed 0 drew the digits themselves
        using var picked = randint(ReferenceFeatures.shape[0], [n, channels], generator: generator);
        using var rows = ReferenceFeatures.index_select(0, picked.flatten());
        return rows.reshape(n, channels * ReferenceFeatures.shape[1]);
    }

    /// <summary>
    /// Softmax probabilities [m, 10], features [m, 128] (float32) and arg-max digits [m] (int64), all on the CPU,
    /// for <paramref name="count"/> images whose batches <paramref name="batch"/> returns as [b·C, 1, 28, 28].
    /// </summary>
    static (Tensor Probabilities, Tensor Features, Tensor Digits) Classify(LeNet classifier, Device device, long count, int channels, Func<long, long, Tensor> batch,
        Action<long, long>? onBatch = null)
    {
        using var noGrad = no_grad();
        var probabilities = new List<Tensor>();
        var features = new List<Tensor>();
        var digits = new List<Tensor>();
        try
        {
            long imagesPerBatch = Math.Max(1, BatchSize / channels);
            onBatch?.Invoke(0, count);
            for (long start = 0; start < count; start += imagesPerBatch)
            {
                using var scope = NewDisposeScope();
                long length = Math.Min(imagesPerBatch, count - start);
                var x = batch(start, length).to(ScalarType.Float32, device);
                if (!isfinite(x).all().item<bool>())
                    throw new ArgumentException($"images {start}–{start + length - 1} contain NaN or Inf values; nothing can be classified");
                var (logits, feature) = classifier.ForwardWithFeatures(x);
                var p = nn.functional.softmax(logits, 1);
                probabilities.Add(p.cpu().MoveToOuterDisposeScope());
                features.Add(feature.cpu().MoveToOuterDisposeScope());
                digits.Add(p.argmax(1).cpu().MoveToOuterDisposeScope());
                onBatch?.Invoke(start + length, count);
            }
            return (cat(probabilities, 0), cat(features, 0), cat(digits, 0));
        }
        finally
        {
            foreach (var t in probabilities.Concat(features).Concat(digits)) t.Dispose();
        }
    }

    static void CheckChannels(int channels)
    {
        if (channels != 1 && channels != StackedModes.Channels)
            throw new ArgumentException($"images must have 1 channel (MNIST) or 3 (Stacked MNIST); got {channels}");
    }

    public void Dispose()
    {
        testImages.Dispose();
        TrainStatistics.Dispose();
        ReferenceFeatures.Dispose();
    }
}
