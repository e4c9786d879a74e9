using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>What a regularizer may look at: D as a function, D's actual inputs, G's output and its paired target.</summary>
public sealed record PenaltyContext(
    Func<Tensor, Tensor> Discriminator,
    Tensor RealInput,
    Tensor FakeInput,
    Tensor Generated,
    Tensor? Target,
    Games.GameBatch Batch);
