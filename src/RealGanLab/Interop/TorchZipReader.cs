using System.Collections;
using System.IO.Compression;
using System.IO.Hashing;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace RealGanLab.Interop;

/// <summary>
/// Reads a file written by PyTorch's <c>torch.save</c> in its zip format (PyTorch ≥ 1.6, and what TorchSharp.PyBridge
/// writes): <c>ARCHIVE/data.pkl</c> pickles the saved object, each tensor's storage pickled as the persistent id
/// ('storage', FloatStorage, key, location, numel) whose bytes are the entry <c>ARCHIVE/data/KEY</c>
/// (torch/serialization.py, <c>_save</c> and <c>_load</c>). The result is every tensor by name, nested dicts flattened
/// with "." as <c>state_dict()</c> names a submodule's tensors; values that are not tensors (a step count beside the
/// weights) are left out.
/// <para>
/// Written on Razorvine.Pickle rather than with TorchSharp.PyBridge's <c>load_py</c> because that reader takes each
/// storage with one <c>Stream.Read</c> (a short read leaves zeros), checks no checksum and cannot say which tensor a
/// damaged entry holds. Here each storage's length and CRC-32 are checked against the archive, and a damaged,
/// truncated or foreign file is a <see cref="BadInputException"/> naming the file and, where the archive still says
/// which, the tensor.
/// </para>
/// </summary>
public static class TorchZipReader
{
    // Razorvine.Pickle keeps its constructors in one static table (PyBridge registers its own for the same names when
    // its reader is first used), so ours are put back before every read, under a lock.
    static readonly object Gate = new();

    /// <summary>
    /// The most tensor bytes one file may hold (256 MiB: a DCGAN at the published sizes is a few tens of MiB), checked
    /// from the pickle's metadata before anything is allocated, so a small hostile file cannot claim gigabytes.
    /// </summary>
    public const long MaxTensorBytes = 256L << 20;

    /// <summary>How deep dicts may nest (a state dict is one level, a dict of players two).</summary>
    const int MaxDepth = 32;

    /// <summary>
    /// The tensors in <paramref name="file"/> by name, on the CPU in the file's dtypes, and the SHA-256 of the bytes
    /// read; problems are bad input under <paramref name="key"/>.
    /// </summary>
    public static (Dictionary<string, Tensor> Tensors, string Sha256) Read(string file, string key)
    {
        byte[] bytes;
        try
        {
            if (new FileInfo(file).Length > 4 * MaxTensorBytes)
                throw new BadInputException(key, $"{file} is larger than {4 * MaxTensorBytes >> 20} MiB; --init-from reads networks of at most {MaxTensorBytes >> 20} MiB of tensors.");
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(key, $"cannot read {file}: {e.Message}");
        }
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return (ReadArchive(bytes, file, key), sha256);
    }

    static Dictionary<string, Tensor> ReadArchive(byte[] bytes, string file, string key)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException or IOException)
        {
            throw new BadInputException(key, TruncatedArchive.Explain(file, bytes, Unpickle)
                ?? $"{file} is not a torch.save file: {e.Message} (a damaged or truncated file, or the legacy format of PyTorch < 1.6). " + Fix);
        }
        using (archive)
        {
            try
            {
                return ReadEntries(archive, file, key);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException or IOException)
            {
                // The central directory lists its entries lazily: a damaged record surfaces here, not when the archive opens.
                throw new BadInputException(key, $"{file}: its zip directory is damaged ({e.Message}). " + Fix);
            }
        }
    }

    static Dictionary<string, Tensor> ReadEntries(ZipArchive archive, string file, string key)
    {
        var pickles = archive.Entries.Where(e => e.FullName == "data.pkl" || e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)).ToList();
        if (pickles.Count != 1)
            throw new BadInputException(key, $"{file} is a zip archive but not a torch.save file ({(pickles.Count == 0 ? "no" : "more than one")} data.pkl). " + Fix);
        var folder = pickles[0].FullName[..^"data.pkl".Length];
        if (archive.GetEntry(folder + "byteorder") is { } order
            && System.Text.Encoding.ASCII.GetString(ReadAll(order, file, key, "byteorder", limit: 64)).Trim() is var endian && endian != "little")
            throw new BadInputException(key, $"{file} was written on a '{endian}'-endian machine; load and re-save it with PyTorch on a little-endian one.");
        var pickle = ReadAll(pickles[0], file, key, "data.pkl", limit: MaxTensorBytes);
        // .NET does not check CRCs on read: a flipped byte in data.pkl could rename a tensor or change its view.
        if (Crc32.HashToUInt32(pickle) != pickles[0].Crc32)
            throw new BadInputException(key, $"{file}: its data.pkl (the names and shapes of the tensors) fails the archive's CRC-32 check: the file is damaged. Write it again.");
        var references = Flatten(Unpickle(pickle, file, key), file, key);
        return Materialise(references, archive, folder, file, key);
    }

    const string Fix = "Write it with torch.save(network.state_dict(), path).";

    /// <summary>The pickled object of a data.pkl, storages as <see cref="StorageReference"/>s and tensors as <see cref="TensorReference"/>s.</summary>
    internal static object Unpickle(byte[] pickle, string file, string key)
    {
        lock (Gate)
        {
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new TensorConstructor());
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new TensorConstructor());
            // A dict of nn.Parameters (e.g. dict(model.named_parameters())) pickles each as _rebuild_parameter(data, …).
            Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new ParameterConstructor());
            Unpickler.registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
            try
            {
                using var unpickler = new StorageUnpickler();
                return unpickler.load(new MemoryStream(pickle, writable: false));
            }
            catch (Exception e) when (e is PickleException or InvalidCastException or IndexOutOfRangeException or InvalidOperationException
                or ArgumentException or FormatException or OverflowException or NullReferenceException or IOException or System.Reflection.TargetInvocationException
                or OutOfMemoryException)
            {
                throw new BadInputException(key, $"{file}: its data.pkl cannot be read ({e.GetBaseException().Message}); the file is damaged or holds objects " +
                    "other than tensors and dicts (a whole pickled module?). " + Fix);
            }
        }
    }

    /// <summary>
    /// Every tensor of the pickled object by its dotted name, sorted. Walked with an explicit stack: a dict that holds
    /// itself, dicts nested deeper than <see cref="MaxDepth"/>, two tensors under one name and pickled objects other than
    /// dicts and tensors (a whole module saved with torch.save(model)) are bad input under <paramref name="key"/>.
    /// </summary>
    internal static List<(string Name, TensorReference Tensor)> Flatten(object root, string file, string key)
    {
        var found = new Dictionary<string, TensorReference>(StringComparer.Ordinal);
        var open = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object? Value, string Name, int Depth)>();
        pending.Push((root, "", 0));
        while (pending.Count > 0)
        {
            var (value, name, depth) = pending.Pop();
            switch (value)
            {
                case TensorReference t:
                    if (!found.TryAdd(name, t)) throw new BadInputException(key, $"{file} holds two tensors named '{name}' (a dotted key beside a nested dict).");
                    break;
                case IDictionary dictionary when value is not ClassDict:
                    if (depth > MaxDepth) throw new BadInputException(key, $"{file} nests dicts more than {MaxDepth} deep (at '{name}'); a state dict is a flat dict of tensors.");
                    if (!open.Add(dictionary)) throw new BadInputException(key, $"{file}: the dict at '{name}' contains itself.");
                    foreach (DictionaryEntry entry in dictionary)
                        if (entry.Key is string child) pending.Push((entry.Value, name.Length == 0 ? child : $"{name}.{child}", depth + 1));
                    break;
                case ClassDict pickled:
                    throw new BadInputException(key, $"{file} holds a pickled {pickled.ClassName} object{(name.Length > 0 ? $" at '{name}'" : "")}, not a state dict " +
                        "(a whole module saved with torch.save(model)?). Save network.state_dict() instead.");
            }
        }
        return found.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value)).ToList();
    }

    static Dictionary<string, Tensor> Materialise(List<(string Name, TensorReference Tensor)> references, ZipArchive archive, string folder, string file, string key)
    {
        BadInputException Damaged(string name, string what) => new(key, $"{file}: tensor '{name}' {what}: the file is damaged or not written by torch.save.");
        // Everything from the pickle's metadata first: sizes in checked arithmetic, one type and size per storage,
        // every view inside its storage, and the total within MaxTensorBytes — before a byte is allocated.
        var storages = new Dictionary<string, StorageReference>(StringComparer.Ordinal);
        long total = 0;
        foreach (var (name, reference) in references)
        {
            var storage = reference.Storage;
            var dtype = storage.Dtype ?? throw new BadInputException(key, $"{file}: tensor '{name}' has storage type {storage.TypeName}, which is not a tensor type RealGanLab reads.");
            if (storages.TryGetValue(storage.Key, out var seen))
            {
                if (seen != storage) throw Damaged(name, $"shares storage {storage.Key} with another tensor but gives it another type or size");
            }
            else
            {
                if (storage.Count < 0) throw Damaged(name, $"has a storage of {storage.Count} elements");
                try
                {
                    total = checked(total + storage.Count * ElementSize(dtype));
                }
                catch (OverflowException)
                {
                    throw Damaged(name, $"has a storage of {storage.Count} elements");
                }
                if (total > MaxTensorBytes)
                    throw new BadInputException(key, $"{file} holds more than {MaxTensorBytes >> 20} MiB of tensors (at '{name}'); --init-from reads networks up to that size.");
                storages[storage.Key] = storage;
            }
            if (reference.Shape.Length != reference.Stride.Length || reference.Shape.Any(x => x < 0) || reference.Stride.Any(x => x < 0) || reference.Offset < 0)
                throw Damaged(name, $"has shape [{string.Join(", ", reference.Shape)}], strides [{string.Join(", ", reference.Stride)}] and offset {reference.Offset}");
            try
            {
                long elements = reference.Shape.Aggregate(1L, (a, x) => checked(a * x));
                long extent = elements == 0 ? 0 : checked(reference.Shape.Zip(reference.Stride, (x, d) => checked((x - 1) * d)).Aggregate(0L, (a, x) => checked(a + x)) + 1);
                if (checked(reference.Offset + extent) > storage.Count || checked(elements * ElementSize(dtype)) > MaxTensorBytes)
                    throw new OverflowException();
            }
            catch (OverflowException)
            {
                throw Damaged(name, $"(shape [{string.Join(", ", reference.Shape)}]) reaches outside its storage of {storage.Count:N0} elements");
            }
        }

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var flats = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, reference) in references)
            {
                var storage = reference.Storage;
                if (!flats.TryGetValue(storage.Key, out var flat))
                {
                    var dtype = storage.Dtype!.Value;
                    var entry = archive.GetEntry($"{folder}data/{storage.Key}")
                        ?? throw new BadInputException(key, $"{file}: the bytes of tensor '{name}' (entry {folder}data/{storage.Key}) are missing: the file is damaged. " + Fix);
                    long size = storage.Count * ElementSize(dtype);
                    if (entry.Length != size)
                        throw new BadInputException(key, $"{file}: tensor '{name}' needs {size:N0} bytes ({storage.Count:N0} × {dtype}) but its entry {entry.FullName} holds {entry.Length:N0}: the file is damaged. " + Fix);
                    var data = ReadAll(entry, file, key, $"tensor '{name}'", limit: size);
                    if (Crc32.HashToUInt32(data) != entry.Crc32)
                        throw new BadInputException(key, $"{file}: the bytes of tensor '{name}' (entry {entry.FullName}) fail the archive's CRC-32 check: the file is damaged. Write it again.");
                    flat = empty(storage.Count, dtype);
                    flats[storage.Key] = flat;
                    if (data.Length > 0) flat.bytes = data;
                }
                using var view = flat.as_strided(reference.Shape, reference.Stride, reference.Offset);
                tensors[name] = view.clone();
            }
            return tensors;
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or OutOfMemoryException)
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw new BadInputException(key, $"{file}: its tensors cannot be built ({e.Message.Split('\n')[0]}): the file is damaged. " + Fix);
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        finally
        {
            foreach (var f in flats.Values) f.Dispose();
        }
    }

    /// <summary>An entry's bytes, at most <paramref name="limit"/> of them (a longer entry is damaged, or hostile).</summary>
    static byte[] ReadAll(ZipArchiveEntry entry, string file, string key, string what, long limit)
    {
        if (entry.Length > limit)
            throw new BadInputException(key, $"{file}: the entry {entry.FullName} ({what}) holds {entry.Length:N0} bytes, more than the {limit:N0} it may: the file is damaged or hostile.");
        try
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream((int)Math.Max(0, entry.Length));
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            throw new BadInputException(key, $"{file}: the bytes of {what} (entry {entry.FullName}) cannot be read ({e.Message}): the file is damaged. " + Fix);
        }
    }

    static long ElementSize(ScalarType dtype)
    {
        using var probe = empty(0, dtype);
        return probe.ElementSize;
    }

    /// <summary>Persistent ids become storage references; their bytes are read afterwards, checked.</summary>
    sealed class StorageUnpickler : Unpickler
    {
        protected override object persistentLoad(object pid)
        {
            if (pid is object[] { Length: >= 5 } t && t[0] is string kind && kind == "storage" && t[1] is ClassDictConstructor type)
                return new StorageReference(type.name, Convert.ToString(t[2], System.Globalization.CultureInfo.InvariantCulture)!, Convert.ToInt64(t[4]));
            throw new PickleException("a persistent id that is not a tensor storage");
        }
    }

    /// <summary>torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]).</summary>
    sealed class TensorConstructor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (args.Length < 4 || args[0] is not StorageReference storage) throw new PickleException("a tensor without its storage");
            return new TensorReference(storage, Convert.ToInt64(args[1]), Longs(args[2]), Longs(args[3]));
        }

        static long[] Longs(object tuple) => ((object[])tuple).Select(Convert.ToInt64).ToArray();
    }

    /// <summary>torch._utils._rebuild_parameter(data, requires_grad, backward_hooks): the data.</summary>
    sealed class ParameterConstructor : IObjectConstructor
    {
        public object construct(object[] args) => args.Length > 0 && args[0] is TensorReference t ? t : throw new PickleException("a parameter without its tensor");
    }

    sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new PickledOrderedDict();
    }

    /// <summary>collections.OrderedDict; its pickled attributes (a state dict's _metadata) are ignored.</summary>
    sealed class PickledOrderedDict : Hashtable
    {
        public void __setstate__(Hashtable state) { }
    }
}
