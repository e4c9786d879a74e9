using RealGanLab.Classifiers;
using RealGanLab.Data.Mnist;
using RealGanLab.Metrics;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// The project's classifier and an evaluator built on it, shared by the tests of one run: loaded from the
/// repository's data/classifiers (or $REALGANLAB_DATA/classifiers) when stored there, otherwise trained once
/// (a few CPU minutes) and stored for later runs. Lazy, so test classes that never touch it pay nothing.
/// </summary>
public static class TrainedClassifier
{
    static readonly Lazy<StoredClassifier> Stored = new(() =>
        new ClassifierStore(StoreDirectory).LoadOrTrain(CPU, Console.WriteLine, mnistDirectory: MnistTestData.Directory));

    static readonly Lazy<(MnistSet Train, MnistSet Test)> Sets = new(() =>
        (MnistSetFile.Load(MnistTestData.Directory, MnistSplit.Train), MnistSetFile.Load(MnistTestData.Directory, MnistSplit.Test)));

    // Through the cache the training runs use, so that their child processes find the training statistics ready.
    static readonly Lazy<ImageEvaluator> LazyEvaluator = new(() =>
    {
        using var data = ImageTestData.UseRepositoryData();
        return new FeatureStatisticsCache(StoreDirectory, Stored.Value.Info).Evaluator(Stored.Value.Model, CPU, Console.WriteLine);
    });

    public static StoredClassifier Value => Stored.Value;

    public static MnistSet Train => Sets.Value.Train;

    public static MnistSet Test => Sets.Value.Test;

    public static ImageEvaluator Evaluator => LazyEvaluator.Value;

    /// <summary>Where the shared classifier is stored: next to the MNIST files, in classifiers/.</summary>
    public static string StoreDirectory => Path.Combine(Path.GetDirectoryName(MnistTestData.Directory)!, "classifiers");
}
