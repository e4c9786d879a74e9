using static TorchSharp.torch;

namespace RealGanLab.Regularizers;

/// <summary>A transform of D's inputs (instance noise). Its draws come from the batch so that a fixed batch is deterministic.</summary>
public interface IInputTransform
{
    string Name { get; }

    /// <summary>True when the batch must carry standard-normal draws for real and generated inputs.</summary>
    bool NeedsNoise { get; }

    (Tensor Real, Tensor Fake) Apply(Tensor real, Tensor fake, Games.GameBatch batch);
}
