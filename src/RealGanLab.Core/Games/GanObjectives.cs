using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// The objectives of a GAN on one batch: each player's loss, and the saddle objective V + G's penalties that G
/// descends in the zero-sum reading (V = E f1(D(x)) + E f2(D(G(z))), the value D ascends).
/// </summary>
public sealed record GanObjectives(Tensor LossG, Tensor LossD, Tensor Saddle);
