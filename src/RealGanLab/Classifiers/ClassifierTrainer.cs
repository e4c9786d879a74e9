using System.Diagnostics;
using System.Globalization;
using RealGanLab.Data.Mnist;
using RealGanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Classifiers;

/// <summary>
/// Trains <see cref="LeNet"/> on the MNIST training set with Adam and cross-entropy: one seed drives
/// initialisation, the shuffle of every epoch and dropout, so the same seed on the CPU gives the same
/// classifier. The last epoch runs at a tenth of the learning rate.
/// </summary>
public static class ClassifierTrainer
{
    public const string Phase = "training the MNIST classifier";

    /// <param name="progress">Reported after every batch: the images of the current epoch done (phase "training the MNIST classifier").</param>
    public static ClassifierTrainingResult Train(MnistSet train, MnistSet test, Device device, ClassifierTrainingOptions options, Action<string>? log = null,
        IProgress<PhaseProgress>? progress = null)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        manual_seed(options.Seed);
        // Built and moved before the optimizer: module.to() replaces the Parameter objects.
        var model = new LeNet();
        model.to(device);
        var shuffle = new Generator((ulong)options.Seed);
        using var images = train.Images.to(device);
        using var labels = train.Labels.to(device);
        using var optimizer = optim.Adam(model.parameters(), options.LearningRate);

        int n = train.Count;
        int batches = (n + options.BatchSize - 1) / options.BatchSize;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            double lr = epoch == options.Epochs && options.Epochs > 1 ? options.LearningRate / 10 : options.LearningRate;
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            model.train();
            double lossSum = 0;
            long correct = 0;
            var detail = $"epoch {epoch}/{options.Epochs}";
            progress?.Report(new PhaseProgress(Phase, 0, n, "images", detail));
            using (var order = randperm(n, generator: shuffle).to(device))
            {
                for (int b = 0; b < batches; b++)
                {
                    using var scope = NewDisposeScope();
                    long start = (long)b * options.BatchSize;
                    var index = order.narrow(0, start, Math.Min(options.BatchSize, n - start));
                    var x = MnistSet.ToFloat(images.index_select(0, index), ScalarType.Float32);
                    var y = labels.index_select(0, index);
                    optimizer.zero_grad();
                    var logits = model.forward(x);
                    var loss = nn.functional.cross_entropy(logits, y);
                    loss.backward();
                    optimizer.step();
                    // One host read per batch; the running numbers are for the log only.
                    lossSum += loss.item<float>() * index.shape[0];
                    correct += logits.argmax(1).eq(y).sum().item<long>();
                    progress?.Report(new PhaseProgress(Phase, start + index.shape[0], n, "images", detail));
                }
            }
            model.eval();
            double accuracy = Accuracy(model, test, device);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}/{options.Epochs}: lr {lr:g3}, train loss {lossSum / n:F4}, train accuracy {100.0 * correct / n:F2} %, test accuracy {100 * accuracy:F2} % ({clock.Elapsed.TotalSeconds:F0} s)"));
            if (epoch == options.Epochs)
                return new ClassifierTrainingResult(model, accuracy, clock.Elapsed, options);
        }
        throw new UnreachableException();
    }

    /// <summary>Fraction of the set's images whose arg-max class equals the label (the model must be in eval mode).</summary>
    public static double Accuracy(LeNet model, MnistSet set, Device device, int batchSize = 1000)
    {
        long correct = 0;
        using var noGrad = no_grad();
        for (long start = 0; start < set.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long count = Math.Min(batchSize, set.Count - start);
            var x = MnistSet.ToFloat(set.Images.narrow(0, start, count).to(device), ScalarType.Float32);
            var y = set.Labels.narrow(0, start, count).to(device);
            correct += model.forward(x).argmax(1).eq(y).sum().item<long>();
        }
        return (double)correct / set.Count;
    }
}
