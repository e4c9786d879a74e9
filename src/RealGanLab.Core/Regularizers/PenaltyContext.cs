using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>
/// What a regularizer may look at: D as a function, D's actual inputs, G's output and its paired target, and
/// <see cref="Group"/>, the number of consecutive samples D judges as one input (PacGAN's packing degree), so that
/// gradient penalties take the norm of ∇ over D's whole input rather than per sample.
/// </summary>
public sealed record PenaltyContext(
    Func<Tensor, Tensor> Discriminator,
    Tensor RealInput,
    Tensor FakeInput,
    Tensor Generated,
    Tensor? Target,
    Games.GameBatch Batch,
    int Group = 1);
