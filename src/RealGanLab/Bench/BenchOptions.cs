namespace RealGanLab.Bench;

/// <summary>What to time and how: device, models, rules, warm-up and timed steps, probe repetitions and size.</summary>
public sealed record BenchOptions
{
    public string Device { get; init; } = "auto";
    public IReadOnlyList<BenchModel> Models { get; init; } = [BenchModel.Mlp, BenchModel.Dcgan];
    public IReadOnlyList<string> Rules { get; init; } = BenchModel.Rules;
    /// <summary>Untimed steps first (allocator, kernels selection, first-use costs).</summary>
    public int Warmup { get; init; } = 10;
    /// <summary>Timed steps; the median is reported.</summary>
    public int Steps { get; init; } = 50;
    public bool Probe { get; init; } = true;
    /// <summary>Timed repetitions of one gradient evaluation, one JVP and one VJP (median reported).</summary>
    public int ProbeRepetitions { get; init; } = 10;
    /// <summary>Eigenvalues the Arnoldi run looks for (the largest by magnitude), and its subspace.</summary>
    public int ArnoldiK { get; init; } = 20;
    public int ArnoldiSubspace { get; init; } = 60;
    public long Seed { get; init; }
}
