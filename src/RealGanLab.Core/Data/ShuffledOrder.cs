using static TorchSharp.torch;

namespace RealGanLab.Data;

/// <summary>
/// The order in which training draws a finite dataset: epoch after epoch, each a fresh permutation of all
/// indices, one independent permutation per stream (Stacked MNIST draws its three digits from three). The
/// permutation of epoch e is a function of (seed, e, stream) alone, so the whole order is fixed by the seed and a
/// position in it (the cursor): a checkpoint only needs the cursor to resume the same order exactly.
/// </summary>
public sealed class ShuffledOrder(ulong seed, int count, int streams)
{
    readonly Dictionary<(long Epoch, int Stream), long[]> cache = new();

    public int Count => count;

    /// <summary>Indices [n, streams] for positions [start, start + n) of the endless shuffled sequence.</summary>
    public Tensor Take(long start, int n)
    {
        var indices = new long[n * streams];
        for (int s = 0; s < streams; s++)
            for (int i = 0; i < n; i++)
            {
                long position = start + i;
                indices[i * streams + s] = Permutation(position / count, s)[position % count];
            }
        return tensor(indices, [n, streams], int64);
    }

    long[] Permutation(long epoch, int stream)
    {
        if (cache.TryGetValue((epoch, stream), out var cached)) return cached;
        // Keep only the current and the next epoch's permutations (a batch can straddle the boundary).
        foreach (var key in cache.Keys.Where(k => k.Epoch < epoch - 1).ToList()) cache.Remove(key);
        ulong mixed = unchecked(seed ^ ((ulong)epoch * 0x9E3779B97F4A7C15UL) ^ ((ulong)(stream + 1) * 0xD1B54A32D192ED03UL));
        using var generator = new Generator(mixed);
        using var perm = randperm(count, generator: generator);
        var values = perm.data<long>().ToArray();
        cache[(epoch, stream)] = values;
        return values;
    }
}
