using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// The run's scalars as TensorBoard event files (tensorboard/), through TorchSharp's SummaryWriter, which
/// appends each event synchronously. A resumed run writes a new events file; TensorBoard merges them.
/// </summary>
public sealed class TensorBoardLog(string directory)
{
    readonly TorchSharp.Modules.SummaryWriter writer = utils.tensorboard.SummaryWriter(directory);

    public void Scalars(string prefix, IReadOnlyDictionary<string, object?> record, long step)
    {
        foreach (var (key, value) in record)
        {
            if (key is "step" or "epoch" or "kind") continue;
            double? x = value switch { double d => d, float f => f, int i => i, long l => l, _ => null };
            if (x is double number && double.IsFinite(number)) writer.add_scalar($"{prefix}/{key}", (float)number, (int)step);
        }
    }
}
