namespace RealGanLab.Probes;

/// <summary>
/// A spectral density by stochastic Lanczos quadrature (<see cref="StochasticLanczosQuadrature"/>): for each random start
/// vector, the Gauss quadrature nodes (Ritz values of the Lanczos tridiagonal) and weights (squared first components of its
/// eigenvectors). Averaged over the vectors they estimate the spectral measure (1/n) Σᵢ δ(t − λᵢ); <see cref="Smoothed"/>
/// turns them into a curve with Gaussian kernels, as PyHessian's density plot does (Yao, Gholami, Keutzer, Mahoney 2020).
/// </summary>
public sealed record SpectralDensity(double[][] Nodes, double[][] Weights, int Products)
{
    /// <summary>The density at each point of <paramref name="grid"/>: the mean over vectors of Σⱼ wⱼ N(t; θⱼ, σ²).</summary>
    public double[] Smoothed(IReadOnlyList<double> grid, double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "the kernel width must be positive");
        var density = new double[grid.Count];
        double norm = 1 / (Math.Sqrt(2 * Math.PI) * sigma * Nodes.Length);
        for (int v = 0; v < Nodes.Length; v++)
            for (int j = 0; j < Nodes[v].Length; j++)
                for (int g = 0; g < grid.Count; g++)
                {
                    double z = (grid[g] - Nodes[v][j]) / sigma;
                    density[g] += Weights[v][j] * Math.Exp(-0.5 * z * z) * norm;
                }
        return density;
    }

    /// <summary>The quadrature's estimate of (1/n) tr(Aᵏ): the mean over vectors of Σⱼ wⱼ θⱼᵏ (exact per vector for k &lt; 2m).</summary>
    public double Moment(int k) => Nodes.Select((nodes, v) => nodes.Select((t, j) => Weights[v][j] * Math.Pow(t, k)).Sum()).Average();

    /// <summary>Smallest and largest node over all vectors: inside [λ_min, λ_max] of the operator.</summary>
    public (double Min, double Max) Range => (Nodes.SelectMany(n => n).Min(), Nodes.SelectMany(n => n).Max());
}
