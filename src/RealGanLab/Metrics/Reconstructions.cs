using static TorchSharp.torch;

namespace RealGanLab.Metrics;

/// <summary>The compression game's test inputs x and their reconstructions G(x), flat [n, d] — what reconstruction metrics read.</summary>
public sealed record Reconstructions(Tensor Inputs, Tensor Outputs);
