using System.Text;
using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Checkpoints;

/// <summary>
/// Collects the sections of one checkpoint. Each Add call copies the state at that moment into memory, so
/// training may go on (or the objects be disposed) before <see cref="Save(string)"/> writes the file.
/// </summary>
public sealed class CheckpointWriter
{
    readonly List<CheckpointSection> sections = [];

    public IReadOnlyList<CheckpointSection> Sections => sections;

    /// <summary>Parameters and buffers, through TorchSharp's <c>Module.save(BinaryWriter)</c>.</summary>
    public CheckpointWriter AddModule(string name, nn.Module module) =>
        Add(name, CheckpointSectionKind.Module, writer => module.save(writer));

    /// <summary>
    /// The optimizer's whole state through TorchSharp's <c>OptimizerHelper.save_state_dict(BinaryWriter)</c>:
    /// the optimizer's type name, every parameter group's options (learning rate, momentum / betas, eps, ...)
    /// and every parameter's state (SGD momentum buffer; Adam step, exp_avg, exp_avg_sq; RMSProp step,
    /// square_avg, momentum buffer, grad_avg), tensors as exact bytes.
    /// </summary>
    public CheckpointWriter AddOptimizer(string name, optim.Optimizer optimizer)
    {
        if (optimizer is not OptimizerHelper helper)
            throw new NotSupportedException($"optimizer {optimizer.GetType().Name} has no TorchSharp state dict (only managed optimizers such as SGD, Adam, RMSProp do)");
        return Add(name, CheckpointSectionKind.Optimizer, helper.save_state_dict);
    }

    /// <summary>A tensor's values (from any device) with its dtype and shape; read back on the CPU.</summary>
    public CheckpointWriter AddTensor(string name, Tensor tensor)
    {
        var blob = TensorBlob.From(tensor);
        return Add(name, CheckpointSectionKind.Tensor, blob.Write);
    }

    /// <summary>The generator's RNG state (<c>Generator.get_state()</c>), so the next draws repeat exactly.</summary>
    public CheckpointWriter AddGenerator(string name, Generator generator)
    {
        TensorBlob blob;
        using (var state = generator.get_state()) blob = TensorBlob.From(state);
        return Add(name, CheckpointSectionKind.Generator, blob.Write);
    }

    /// <summary>A JSON document, checked to parse so that a resume never finds unreadable trainer state.</summary>
    public CheckpointWriter AddJson(string name, string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"checkpoint section '{name}' is not valid JSON: {e.Message}", nameof(json), e);
        }
        return Add(name, CheckpointSectionKind.Json, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Writes the checkpoint atomically (see <see cref="CheckpointFile.Write"/>).</summary>
    public void Save(string path) => CheckpointFile.Write(path, sections);

    /// <summary>Writes the file atomically, first renaming an existing file at <paramref name="path"/> to <paramref name="keepPreviousAs"/>.</summary>
    public void Save(string path, string keepPreviousAs) => CheckpointFile.Write(path, sections, keepPreviousAs);

    CheckpointWriter Add(string name, CheckpointSectionKind kind, Action<BinaryWriter> write)
    {
        CheckName(name);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, new UTF8Encoding(false), leaveOpen: true))
            write(writer);
        return Add(name, kind, stream.ToArray());
    }

    CheckpointWriter Add(string name, CheckpointSectionKind kind, byte[] data)
    {
        CheckName(name);
        sections.Add(new CheckpointSection(name, kind, data));
        return this;
    }

    void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a checkpoint section needs a name", nameof(name));
        if (sections.Any(s => s.Name == name)) throw new ArgumentException($"checkpoint section '{name}' is already added", nameof(name));
    }
}
