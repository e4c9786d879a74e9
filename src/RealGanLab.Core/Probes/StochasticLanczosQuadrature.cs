using RealGanLab.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// Stochastic Lanczos quadrature (Golub and Meurant 1994; Ubaru, Chen, Saad 2017; for network Hessians Ghorbani, Krishnan, Xiao
/// 2019 and PyHessian): for a symmetric operator A and a unit start vector v, m Lanczos steps give T_m = QΘQᵀ, and
/// vᵀf(A)v ≈ Σⱼ Q₁ⱼ² f(θⱼ) — Gauss quadrature, exact for polynomials of degree &lt; 2m. With v drawn as a normalised Rademacher
/// vector, E[vᵀf(A)v] = (1/n) tr f(A), so the nodes θⱼ with weights Q₁ⱼ² sample the spectral density. Full reorthogonalisation
/// (classical Gram–Schmidt, twice), as in <see cref="LanczosEigensolver"/>: without it lost orthogonality adds ghost nodes.
/// </summary>
public static class StochasticLanczosQuadrature
{
    public static SpectralDensity Estimate(Func<Tensor, Tensor> apply, long n, int vectors, int steps, long seed, ScalarType dtype, Device device)
    {
        if (vectors < 1) throw new ArgumentOutOfRangeException(nameof(vectors), vectors, "at least one start vector");
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "at least one Lanczos step");
        int m = (int)Math.Min(steps, n);
        var nodes = new double[vectors][];
        var weights = new double[vectors][];
        int products = 0;
        // β below this (relative to the operator's scale) is rounding noise: the Krylov space is invariant.
        double breakdownLevel = dtype == float32 || dtype == float16 || dtype == bfloat16 ? 1e-6 : 1e-12;
        using var generator = new Generator((ulong)seed);
        for (int v = 0; v < vectors; v++)
        {
            using var scope = NewDisposeScope();
            var basis = zeros(new long[] { m, n }, dtype: dtype, device: device);
            var start = randint(0, 2, [n], dtype: float64, generator: generator).mul(2).sub(1);
            basis[0].copy_(start.div(start.norm()).to(dtype, device));
            var alpha = new List<double>();
            var beta = new List<double>();
            for (int j = 0; j < m; j++)
            {
                using var step = NewDisposeScope();
                var w = apply(basis[j]).to(dtype, device);
                products++;
                double productNorm = w.norm().to(float64).item<double>();
                var previous = basis.narrow(0, 0, j + 1);
                var coefficients = previous.mv(w);
                w = w.sub(previous.t().mv(coefficients));
                var correction = previous.mv(w);
                w = w.sub(previous.t().mv(correction));
                alpha.Add(coefficients[j].add(correction[j]).to(float64).item<double>());
                double b = w.norm().to(float64).item<double>();
                double scale = Math.Max(alpha.Max(Math.Abs), productNorm);
                // An invariant Krylov space: the quadrature is exact with the nodes so far.
                if (j + 1 == m || !(b > breakdownLevel * Math.Max(scale, 1e-300))) break;
                beta.Add(b);
                basis[j + 1].copy_(w.div(b));
            }
            if (!alpha.All(double.IsFinite) || !beta.All(double.IsFinite))
                throw new ArithmeticException("a Lanczos coefficient is not finite: the operator's products are not finite");
            var (values, eigenvectors) = LanczosEigensolver.Tridiagonal(alpha, beta);
            nodes[v] = values;
            weights[v] = Enumerable.Range(0, values.Length).Select(i => eigenvectors[0, i] * eigenvectors[0, i]).ToArray();
        }
        return new SpectralDensity(nodes, weights, products);
    }
}
