using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Checkpoints;

/// <summary>
/// A verified checkpoint in memory. <see cref="Open"/> checks magic, length and SHA-256 before anything is
/// parsed; the Load/Read methods then restore one section each into existing objects.
/// </summary>
public sealed class CheckpointReader
{
    readonly Dictionary<string, CheckpointSection> byName;

    CheckpointReader(string path, IReadOnlyList<CheckpointSection> sections)
    {
        Path = path;
        Sections = sections;
        byName = sections.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>Reads and verifies a checkpoint file; throws <see cref="CheckpointCorruptException"/> if damaged.</summary>
    public static CheckpointReader Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        return new CheckpointReader(full, CheckpointFile.Read(full));
    }

    public string Path { get; }

    public IReadOnlyList<CheckpointSection> Sections { get; }

    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>
    /// Copies the saved parameters and buffers into <paramref name="module"/> in place (its Parameter objects,
    /// and so any optimizer built on them, stay valid). Names, dtypes and shapes must match exactly; on a
    /// mismatch nothing is changed.
    /// </summary>
    public void LoadModule(string name, nn.Module module) =>
        ModuleState.Load(module, Section(name, CheckpointSectionKind.Module), Path);

    /// <summary>Checks that <see cref="LoadModule"/> would succeed (names, dtypes, shapes) without writing anything.</summary>
    public void CheckModule(string name, nn.Module module) =>
        ModuleState.Check(module, Section(name, CheckpointSectionKind.Module), Path);

    /// <summary>The dtype and shape of a saved tensor or RNG state, without making a tensor of it.</summary>
    public (ScalarType Dtype, long[] Shape) Describe(string name, CheckpointSectionKind kind)
    {
        var blob = ReadBlob(name, kind);
        return (blob.Dtype, blob.Shape);
    }

    /// <summary>
    /// Restores the optimizer's options and per-parameter state with TorchSharp's
    /// <c>OptimizerHelper.load_state_dict(BinaryReader)</c>. The optimizer must be of the same type and built
    /// on the same parameter list (same groups, order and shapes) as the saved one. Saved options replace the
    /// current ones (learning rates included).
    /// </summary>
    public void LoadOptimizer(string name, optim.Optimizer optimizer)
    {
        var section = Section(name, CheckpointSectionKind.Optimizer);
        if (optimizer is not OptimizerHelper helper)
            throw new CheckpointSectionException(Path, name, $"optimizer {optimizer.GetType().Name} has no TorchSharp state dict");
        using var stream = new MemoryStream(section.Data.ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            // TorchSharp checks the type name and the group and parameter counts before it writes anything;
            // a later shape mismatch can leave the optimizer partly loaded (reported below).
            helper.load_state_dict(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or EndOfStreamException)
        {
            throw new CheckpointSectionException(Path, name,
                $"optimizer state does not fit this {optimizer.GetType().Name} ({e.Message}); the optimizer may be partly overwritten", e);
        }
        if (stream.Position != stream.Length)
            throw new CheckpointSectionException(Path, name,
                $"{stream.Length - stream.Position} bytes of optimizer state were not consumed: saved by a different optimizer setup");
    }

    /// <summary>A saved tensor as a new CPU tensor (or on <paramref name="device"/>); the caller disposes it.</summary>
    public Tensor ReadTensor(string name, Device? device = null)
    {
        var tensor = ReadBlob(name, CheckpointSectionKind.Tensor).ToTensor();
        if (device is null || device.type == DeviceType.CPU) return tensor;
        using (tensor) return tensor.to(device);
    }

    /// <summary>Sets the generator's RNG state, so its next draws equal those after the save.</summary>
    public void RestoreGenerator(string name, Generator generator)
    {
        var blob = ReadBlob(name, CheckpointSectionKind.Generator);
        if (blob.Dtype != ScalarType.Byte || blob.Shape.Length != 1)
            throw new CheckpointSectionException(Path, name, $"an RNG state is a 1-D uint8 tensor, found {blob.Describe()}");
        using var state = blob.ToTensor();
        try
        {
            generator.set_state(state);
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException or ArgumentException)
        {
            throw new CheckpointSectionException(Path, name, $"the generator rejected the saved RNG state ({e.Message})", e);
        }
    }

    public string ReadJson(string name)
    {
        var section = Section(name, CheckpointSectionKind.Json);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(section.Data.Span);
        }
        catch (DecoderFallbackException e)
        {
            throw new CheckpointSectionException(Path, name, "JSON section is not valid UTF-8", e);
        }
    }

    TensorBlob ReadBlob(string name, CheckpointSectionKind kind)
    {
        var section = Section(name, kind);
        try
        {
            using var stream = new MemoryStream(section.Data.ToArray(), writable: false);
            using var reader = new BinaryReader(stream);
            var blob = TensorBlob.Read(reader);
            if (stream.Position != stream.Length) throw new InvalidDataException("bytes after the tensor data");
            return blob;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new CheckpointSectionException(Path, name, $"not a readable tensor: {e.Message}", e);
        }
    }

    CheckpointSection Section(string name, CheckpointSectionKind kind)
    {
        if (!byName.TryGetValue(name, out var section))
            throw new CheckpointSectionException(Path, name,
                $"no such section (the checkpoint has: {string.Join(", ", Sections.Select(s => $"{s.Name} ({s.Kind})"))})");
        if (section.Kind != kind)
            throw new CheckpointSectionException(Path, name, $"holds a {section.Kind} section, not a {kind} one");
        return section;
    }
}
