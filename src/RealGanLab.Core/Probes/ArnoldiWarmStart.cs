using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// What one live probe leaves for the next: per Arnoldi target (LM, LR, LI), one vector of the game's size whose Krylov
/// space holds the Ritz vectors that run found (<see cref="ArnoldiResult.RitzSum"/>). The spectrum moves little between
/// probes, so a run started from it can converge in fewer products than from a random vector (docs/probe-diagnostics.md
/// measures how many). Owned by the trainer, outside every dispose scope, and saved in checkpoints as one [3, n] tensor
/// (a zero row: none for that target).
/// </summary>
public sealed class ArnoldiWarmStart : IDisposable
{
    static readonly EigenTarget[] Targets = [EigenTarget.LargestMagnitude, EigenTarget.LargestReal, EigenTarget.LargestImaginary];
    readonly Dictionary<EigenTarget, Tensor> vectors = [];

    /// <summary>The vector for <paramref name="target"/> when it fits an operator of size n on this device, else null (a cold start).</summary>
    public Tensor? For(EigenTarget target, long n, Device device) =>
        vectors.TryGetValue(target, out var v) && v.numel() == n && v.device.type == device.type && v.device.index == device.index ? v : null;

    /// <summary>The sum of every target's vector (each of unit norm) when they fit, else null; belongs to the caller's scope.</summary>
    public Tensor? Combined(long n, Device device)
    {
        // In the targets' fixed order: float addition is order-sensitive, and a resumed run must sum as the uninterrupted one.
        var fitting = Targets.Select(t => For(t, n, device)).Where(v => v is not null).ToList();
        if (fitting.Count == 0) return null;
        var sum = fitting[0]!.clone();
        foreach (var v in fitting.Skip(1)) sum.add_(v!);
        return sum;
    }

    /// <summary>Keeps a copy of a run's Ritz sum for its target; a null or non-finite one forgets the target's vector.</summary>
    public void Store(EigenTarget target, Tensor? ritzSum)
    {
        if (vectors.Remove(target, out var old)) old.Dispose();
        if (ritzSum is null) return;
        using var scope = NewDisposeScope();
        double norm = ritzSum.norm().to(float64).item<double>();
        if (!double.IsFinite(norm) || norm == 0) return;
        vectors[target] = ritzSum.detach().div(norm).DetachFromDisposeScope();
    }

    /// <summary>All targets as rows of one [3, n] tensor (zero rows for none), for a checkpoint; null when there is none.</summary>
    public Tensor? ToTensor()
    {
        if (vectors.Count == 0) return null;
        using var scope = NewDisposeScope();
        var any = vectors.Values.First();
        return stack(Targets.Select(t => vectors.TryGetValue(t, out var v) ? v : zeros_like(any)).ToArray()).MoveToOuterDisposeScope();
    }

    /// <summary>Replaces every vector by the rows of a [3, n] tensor from <see cref="ToTensor"/> (null: none).</summary>
    public void Replace(Tensor? rows)
    {
        foreach (var target in Targets) Store(target, null);
        if (rows is null) return;
        if (rows.dim() != 2 || rows.shape[0] != Targets.Length)
            throw new ArgumentException($"a warm start holds {Targets.Length} rows, one per target; got shape [{string.Join(", ", rows.shape)}]");
        // As saved, not normalised again: a resumed run must start from the very vectors the uninterrupted one would.
        for (int i = 0; i < Targets.Length; i++)
        {
            using var scope = NewDisposeScope();
            var row = rows[i];
            double largest = row.abs().max().to(float64).item<double>();
            if (largest == 0 || !double.IsFinite(largest)) continue;
            vectors[Targets[i]] = row.detach().clone().DetachFromDisposeScope();
        }
    }

    /// <summary>The shape <see cref="ToTensor"/> gives for a game of n parameters.</summary>
    public static long[] Shape(long n) => [Targets.Length, n];

    public void Dispose()
    {
        foreach (var v in vectors.Values) v.Dispose();
        vectors.Clear();
    }
}
