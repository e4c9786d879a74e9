using static TorchSharp.torch;

namespace RealGanLab.Checkpoints;

/// <summary>
/// Loads a module section (written by TorchSharp's <c>Module.save(BinaryWriter)</c>) into a module in place.
/// TorchSharp's <c>Module.load(BinaryReader)</c> is not used: in 0.107 it moves a non-CPU module to the CPU
/// and back, which replaces its Parameter objects and silently detaches any optimizer built on them, and a
/// mismatch half-way leaves the module partly overwritten. Here every name, dtype and shape is checked first,
/// then values are copied into the existing tensors (copy_ works across devices), so the module and its
/// optimizer keep their identity.
/// </summary>
internal static class ModuleState
{
    public static void Load(nn.Module module, CheckpointSection section, string path)
    {
        var (saved, targets) = Check(module, section, path);
        using var noGrad = no_grad();
        foreach (var (key, blob) in saved)
        {
            using var source = blob.ToTensor();
            // state_dict() hands out the module's own tensors: written in place, never disposed here.
            targets[key].copy_(source);
        }
    }

    /// <summary>
    /// Every name, dtype and shape of the section against the module, without writing anything; throws
    /// <see cref="CheckpointSectionException"/> on the first kind of mismatch, listing each tensor that differs.
    /// </summary>
    public static (Dictionary<string, TensorBlob> Saved, Dictionary<string, Tensor> Targets) Check(nn.Module module, CheckpointSection section, string path)
    {
        var saved = Parse(section, path);
        var targets = module.state_dict();

        var missing = targets.Keys.Where(k => !saved.ContainsKey(k)).ToList();
        var extra = saved.Keys.Where(k => !targets.ContainsKey(k)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            throw new CheckpointSectionException(path, section.Name,
                "module state does not match the module: " +
                string.Join("; ", new[]
                {
                    missing.Count > 0 ? $"not in the checkpoint: {string.Join(", ", missing)}" : null,
                    extra.Count > 0 ? $"not in the module: {string.Join(", ", extra)}" : null,
                }.Where(s => s is not null)));

        var wrong = saved
            .Where(kv => kv.Value.Dtype != targets[kv.Key].dtype || !kv.Value.Shape.SequenceEqual(targets[kv.Key].shape))
            .Select(kv => $"{kv.Key}: checkpoint {kv.Value.Describe()}, module {targets[kv.Key].dtype}[{string.Join(", ", targets[kv.Key].shape)}]")
            .ToList();
        if (wrong.Count > 0)
            throw new CheckpointSectionException(path, section.Name, "module tensors differ in dtype or shape: " + string.Join("; ", wrong));
        return (saved, targets);
    }

    static Dictionary<string, TensorBlob> Parse(CheckpointSection section, string path)
    {
        try
        {
            using var stream = new MemoryStream(section.Data.ToArray(), writable: false);
            using var reader = new BinaryReader(stream);
            long count = Leb128.Read(reader);
            var entries = new Dictionary<string, TensorBlob>(StringComparer.Ordinal);
            for (long i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                if (!entries.TryAdd(key, TensorBlob.ReadTorchSharp(reader)))
                    throw new InvalidDataException($"tensor '{key}' appears twice");
            }
            if (stream.Position != stream.Length)
                throw new InvalidDataException($"{stream.Length - stream.Position} bytes after the last tensor");
            return entries;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException)
        {
            throw new CheckpointSectionException(path, section.Name, $"not a readable TorchSharp module state: {e.Message}", e);
        }
    }
}
