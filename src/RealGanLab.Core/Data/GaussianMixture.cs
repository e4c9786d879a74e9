using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Data;

/// <summary>
/// An equally weighted mixture of isotropic Gaussians N(μ_k, σ_k² I) — the 2-D benchmarks of Metz et al. (2017),
/// VEEGAN and PacGAN (Lin et al. 2018, §5). Sampling draws the mode index and the offset from the caller's
/// generator on the CPU, so a seed gives the same data on every device.
/// </summary>
public sealed class GaussianMixture : IDataSource
{
    public GaussianMixture(string name, IReadOnlyList<double[]> means, IReadOnlyList<double> stds)
    {
        if (means.Count == 0) throw new ArgumentException("a mixture needs at least one mode");
        if (stds.Count != means.Count) throw new ArgumentException($"{means.Count} means but {stds.Count} stds");
        int d = means[0].Length;
        if (d == 0 || means.Any(m => m.Length != d)) throw new ArgumentException("every mean needs the same, non-zero number of coordinates");
        if (stds.Any(s => !(s > 0) || !double.IsFinite(s))) throw new ArgumentException("every std must be a positive number");
        if (means.Any(m => m.Any(x => !double.IsFinite(x)))) throw new ArgumentException("every mean coordinate must be finite");
        Name = name;
        Means = means.Select(m => (double[])m.Clone()).ToArray();
        Stds = stds.ToArray();
        Dimension = d;
    }

    public string Name { get; }

    /// <summary>Mode centres μ_k.</summary>
    public IReadOnlyList<double[]> Means { get; }

    /// <summary>Per-mode std σ_k (the same in every coordinate).</summary>
    public IReadOnlyList<double> Stds { get; }

    public int ModeCount => Means.Count;

    public int Dimension { get; }

    public Tensor Sample(int n, Generator generator, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var index = randint(0, ModeCount, [n], dtype: int64, generator: generator);
        var offsets = randn([n, Dimension], dtype: float64, generator: generator);
        var means = tensor(Means.SelectMany(m => m).ToArray(), float64).reshape(ModeCount, Dimension);
        var stds = tensor(Stds.ToArray(), float64);
        var samples = means.index_select(0, index).add(offsets.mul(stds.index_select(0, index).unsqueeze(1)));
        return samples.to(dtype).to(device).MoveToOuterDisposeScope();
    }

    /// <summary>Bounding box of the modes widened by <paramref name="margin"/> (for plots).</summary>
    public (double XMin, double XMax, double YMin, double YMax) Bounds(double margin)
    {
        double xMin = Means.Min(m => m[0]), xMax = Means.Max(m => m[0]);
        double yMin = Dimension > 1 ? Means.Min(m => m[1]) : -1, yMax = Dimension > 1 ? Means.Max(m => m[1]) : 1;
        return (xMin - margin, xMax + margin, yMin - margin, yMax + margin);
    }
}
