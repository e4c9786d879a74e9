using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RealGanLab.Classifiers;

/// <summary>
/// The project's MNIST classifier, LeNet-style (LeCun et al. 1998, "Gradient-based learning applied to document
/// recognition", LeNet-5, with ReLU and max-pooling as in the Caffe/Keras MNIST examples):
/// conv 5×5 (32) → max-pool 2 → conv 5×5 (64) → max-pool 2 → fc 1024→128 (ReLU, the penultimate features) →
/// dropout → fc 128→10 (logits). Input [n, 1, 28, 28] in [−1, 1], the generator's tanh range, so generated
/// images are classified exactly as they come out. Its softmax drives the MNIST score and the class and
/// Stacked-MNIST histograms; its 128 penultimate features drive the Fréchet distance (docs/design.md §4).
/// </summary>
public sealed class LeNet : Module<Tensor, Tensor>
{
    /// <summary>Width of the penultimate layer, the feature space of the Fréchet distance.</summary>
    public const int FeatureCount = 128;

    public const int ClassCount = 10;

    readonly Conv2d conv1;
    readonly Conv2d conv2;
    readonly Linear fc1;
    readonly Dropout dropout;
    readonly Linear fc2;

    /// <param name="dropoutRate">Dropout on the features during training only (eval() turns it off).</param>
    public LeNet(double dropoutRate = 0.5) : base("lenet")
    {
        conv1 = Conv2d(1, 32, kernel_size: 5);    // 28 → 24, pooled to 12
        conv2 = Conv2d(32, 64, kernel_size: 5);   // 12 → 8, pooled to 4
        fc1 = Linear(64 * 4 * 4, FeatureCount);
        dropout = Dropout(dropoutRate);
        fc2 = Linear(FeatureCount, ClassCount);
        RegisterComponents();
    }

    /// <summary>Logits [n, 10].</summary>
    public override Tensor forward(Tensor input)
    {
        var (logits, features) = ForwardWithFeatures(input);
        features.Dispose();
        return logits;
    }

    /// <summary>Logits [n, 10] and the penultimate features [n, 128] (after ReLU, before dropout) of one pass.</summary>
    public (Tensor Logits, Tensor Features) ForwardWithFeatures(Tensor input)
    {
        if (input.ndim != 4 || input.shape[1] != 1 || input.shape[2] != 28 || input.shape[3] != 28)
            throw new ArgumentException($"LeNet takes images [n, 1, 28, 28]; got [{string.Join(", ", input.shape)}]", nameof(input));
        using var scope = NewDisposeScope();
        var h = functional.max_pool2d(functional.relu(conv1.forward(input)), 2);
        h = functional.max_pool2d(functional.relu(conv2.forward(h)), 2);
        var features = functional.relu(fc1.forward(h.flatten(1)));
        var logits = fc2.forward(dropout.forward(features));
        return (logits.MoveToOuterDisposeScope(), features.MoveToOuterDisposeScope());
    }

    /// <summary>Number of trainable values (about 0.2 M).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}
