using RealGanLab.Classifiers;
using RealGanLab.Cli;
using RealGanLab.Data.Mnist;
using RealGanLab.Metrics;
using RealGanLab.Training;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// The long phases outside the training steps report their progress: the classifier's training per batch of each
/// epoch, the feature statistics per classified batch, from 0 to all; and the console shows them as lines.
/// </summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class PhaseProgressTests
{
    /// <summary>Random digits: enough to exercise the batching, nothing to learn.</summary>
    static MnistSet RandomDigits(int count, int seed, MnistSplit split)
    {
        var generator = new Generator((ulong)seed);
        return new MnistSet(randint(0, 256, [count, 28, 28], dtype: ScalarType.Byte, generator: generator),
            randint(0, 10, [count], dtype: ScalarType.Int64, generator: generator), split);
    }

    [Fact]
    public void Classifier_training_reports_every_batch_of_every_epoch()
    {
        using var train = RandomDigits(300, 1, MnistSplit.Train);
        using var test = RandomDigits(50, 2, MnistSplit.Test);
        var reports = new List<PhaseProgress>();
        var result = ClassifierTrainer.Train(train, test, CPU, new ClassifierTrainingOptions { Epochs = 2, BatchSize = 128 }, null,
            new SynchronousProgress<PhaseProgress>(reports.Add));
        result.Model.Dispose();

        Assert.All(reports, r => Assert.Equal("training the MNIST classifier", r.Phase));
        Assert.All(reports, r => Assert.Equal(300, r.Total));
        // Per epoch: the start (0), then 128, 256 and 300 images.
        Assert.Equal([0L, 128, 256, 300, 0, 128, 256, 300], reports.Select(r => r.Done));
        Assert.Equal(["epoch 1/2", "epoch 1/2", "epoch 1/2", "epoch 1/2", "epoch 2/2", "epoch 2/2", "epoch 2/2", "epoch 2/2"], reports.Select(r => r.Detail));
        Assert.Equal("training the MNIST classifier: epoch 2/2 · 128/300 images", reports[5].Text);
    }

    [Fact]
    public void Feature_statistics_report_every_classified_batch()
    {
        using var train = RandomDigits(2500, 3, MnistSplit.Train);
        using var test = RandomDigits(100, 4, MnistSplit.Test);
        using var model = new LeNet();
        var statistics = new List<(long Done, long Total)>();
        using var evaluator = ImageEvaluator.Create(model, train, test, CPU, (done, total) => statistics.Add((done, total)));
        Assert.Equal([(0L, 2500L), (1000, 2500), (2000, 2500), (2500, 2500)], statistics);

        var floor = new List<(long Done, long Total)>();
        evaluator.RealFloor(1, 60, 7, (done, total) => floor.Add((done, total)));
        Assert.Equal([(0L, 60L), (60, 60)], floor);

        // Stacked MNIST: 3 digits per image, so 333 images per classifier batch of 1,000 digits.
        var stacked = new List<(long Done, long Total)>();
        using var images = rand(700, 3, 28, 28).mul(2).sub(1);
        evaluator.Evaluate(images, (done, total) => stacked.Add((done, total)));
        Assert.Equal([(0L, 700L), (333, 700), (666, 700), (700, 700)], stacked);
    }

    [Fact]
    public void Redirected_output_shows_a_phase_as_it_starts_and_ends_and_a_terminal_redraws_one_line()
    {
        var plain = new StringWriter();
        var lines = new PhaseReporter(plain, interactive: false);
        foreach (var done in new long[] { 0, 1000, 2000, 3000 }) lines.Report(new PhaseProgress("feature statistics of the real test set", done, 3000, "images"));
        Assert.Equal(["feature statistics of the real test set: 0/3,000 images", "feature statistics of the real test set: 3,000/3,000 images"],
            plain.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));

        var terminal = new StringWriter();
        var redrawn = new PhaseReporter(terminal, interactive: true);
        redrawn.Report(new PhaseProgress("evaluating epoch 3", 0, 10, "images"));
        redrawn.Report(new PhaseProgress("evaluating epoch 3", 10, 10, "images"));
        Assert.Equal("\revaluating epoch 3: 0/10 images\revaluating epoch 3: 10/10 images" + Environment.NewLine, terminal.ToString());
    }
}
