namespace RealGanLab.Checkpoints;

/// <summary>
/// What a section holds; stored in the file (one byte) so that reading a section as the wrong kind is a
/// clear error instead of a misparse.
/// </summary>
public enum CheckpointSectionKind : byte
{
    /// <summary>nn.Module state in TorchSharp's own format (<c>Module.save(BinaryWriter)</c>).</summary>
    Module = 1,

    /// <summary>Optimizer state in TorchSharp's own format (<c>OptimizerHelper.save_state_dict(BinaryWriter)</c>).</summary>
    Optimizer = 2,

    /// <summary>One tensor: dtype, shape, raw little-endian element bytes.</summary>
    Tensor = 3,

    /// <summary>A torch.Generator's RNG state (the uint8 tensor of <c>get_state()</c>), encoded as a tensor.</summary>
    Generator = 4,

    /// <summary>UTF-8 JSON text (trainer state: step, epoch, config hash, ...).</summary>
    Json = 5,
}
