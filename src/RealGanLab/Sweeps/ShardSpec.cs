using System.Globalization;
using RealGanLab.Configuration;

namespace RealGanLab.Sweeps;

/// <summary>
/// --shard i/n: the members whose index in the sweep (its file's order) is i modulo n. Deterministic from the
/// sweep alone, so n processes on n machines (a Slurm job array) split a sweep without talking to each other;
/// dealing round-robin keeps shards balanced when one axis makes some members slower.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static readonly ShardSpec All = new(0, 1);

    public bool Contains(int memberIndex) => memberIndex % Count == Index;

    public override string ToString() => $"{Index}/{Count}";

    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 &&
            int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && i < n)
            return new ShardSpec(i, n);
        throw new BadInputException("--shard", $"'{text}' is not a shard i/n with 0 ≤ i < n (e.g. --shard 0/4 … 3/4; Slurm: $SLURM_ARRAY_TASK_ID/N).");
    }
}
