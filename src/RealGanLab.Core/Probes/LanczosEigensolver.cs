using RealGanLab.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// The smallest and largest eigenvalue of a symmetric operator given only as a product u ↦ A·u, by the
/// Lanczos method (Lanczos 1950, "An iteration method for the solution of the eigenvalue problem of linear
/// differential and integral operators"). For symmetric A the Krylov basis obeys a three-term recurrence,
/// A·V_j = V_j·T_j + β_j v_{j+1} e_jᵀ with T_j tridiagonal, and the extreme Ritz values of T_j converge to the
/// extreme eigenvalues first. In floating point the basis loses orthogonality exactly as Ritz values
/// converge (Paige 1971/1976), which produces spurious copies of converged eigenvalues; with at most a few
/// dozen vectors full reorthogonalisation (classical Gram–Schmidt, twice) is cheap next to one double-VJP
/// product and removes the problem. The basis stays in torch tensors on the operator's device; T_j is
/// solved in double on the host. No restarts: the extremes of a Hessian converge within a few dozen steps,
/// and a result that has not is reported as such.
/// </summary>
public static class LanczosEigensolver
{
    public static LanczosResult Solve(Func<Tensor, Tensor> apply, long n, LanczosOptions options, ScalarType dtype, Device device)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "the operator needs at least one dimension");
        if (options.MaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations, "MaxIterations must be at least 1");
        using var scope = NewDisposeScope();
        int m = (int)Math.Min(options.MaxIterations, n);
        bool single = dtype == float32 || dtype == float16 || dtype == bfloat16;
        // What a residual can reach in this dtype, relative to the operator's scale.
        double tolerance = Math.Max(options.Tolerance, single ? 1e-5 : 1e-13);
        // β below this (relative to ‖A‖) is rounding noise: the Krylov space is invariant.
        double breakdownLevel = single ? 1e-6 : 1e-12;

        var basis = zeros(new long[] { m, n }, dtype: dtype, device: device);
        using (var start = NewDisposeScope())
        {
            using var generator = new Generator((ulong)options.Seed);
            var v0 = Draws.Normal(generator, [n], dtype, device);
            basis[0].copy_(v0.div(v0.norm()));
        }

        var alpha = new List<double>();
        var beta = new List<double>();
        int products = 0;
        bool exhausted = false;
        double[] values = [];
        double[,] vectors = new double[0, 0];
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
            // α_j = v_jᵀAv_j; the other coefficients vanish for symmetric A (up to rounding) and only reorthogonalise.
            double a = coefficients[j].add(correction[j]).to(float64).item<double>();
            double b = w.norm().to(float64).item<double>();
            if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(productNorm))
                return new LanczosResult(double.NaN, double.NaN, double.NaN, double.NaN, j + 1, products, Exhausted: false, Converged: false);
            alpha.Add(a);
            (values, vectors) = Tridiagonal(alpha, beta);
            double scale = Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]));
            int size = j + 1;
            if (size == n || b <= breakdownLevel * Math.Max(scale, productNorm))
            {
                exhausted = true;
                break;
            }
            // ‖A V y − θ V y‖ = β_j |y_last| for a unit Ritz vector of T_j: the stopping test costs no product.
            double minEstimate = b * Math.Abs(vectors[size - 1, 0]);
            double maxEstimate = b * Math.Abs(vectors[size - 1, size - 1]);
            if (minEstimate <= tolerance * scale && maxEstimate <= tolerance * scale) break;
            if (size == m) break;
            beta.Add(b);
            basis[j + 1].copy_(w.div(b));
        }

        int k = alpha.Count;
        double minResidual = Residual(apply, basis, k, vectors, 0, values[0], dtype, device, ref products);
        double maxResidual = k == 1 ? minResidual : Residual(apply, basis, k, vectors, k - 1, values[k - 1], dtype, device, ref products);
        double finalScale = Math.Max(Math.Abs(values[0]), Math.Abs(values[k - 1]));
        bool converged = minResidual <= 10 * tolerance * finalScale && maxResidual <= 10 * tolerance * finalScale;
        return new LanczosResult(values[0], values[k - 1], minResidual, maxResidual, k, products, exhausted, converged);
    }

    /// <summary>Eigenvalues (ascending) and eigenvectors (columns) of the tridiagonal T with diagonal α and off-diagonal β.</summary>
    internal static (double[] Values, double[,] Vectors) Tridiagonal(IReadOnlyList<double> alpha, IReadOnlyList<double> beta)
    {
        int k = alpha.Count;
        using var scope = NewDisposeScope();
        var flat = new double[k * k];
        for (int i = 0; i < k; i++) flat[i * k + i] = alpha[i];
        for (int i = 0; i + 1 < k; i++) flat[i * k + i + 1] = flat[(i + 1) * k + i] = beta[i];
        var (values, vectors) = linalg.eigh(tensor(flat, dtype: float64).reshape(k, k));
        var v = vectors.contiguous().data<double>().ToArray();
        var result = new double[k, k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) result[i, j] = v[i * k + j];
        return (values.data<double>().ToArray(), result);
    }

    /// <summary>‖A u − θ u‖ for the unit Ritz vector u = V y, by one explicit product.</summary>
    static double Residual(Func<Tensor, Tensor> apply, Tensor basis, int size, double[,] vectors, int index, double theta,
        ScalarType dtype, Device device, ref int products)
    {
        using var scope = NewDisposeScope();
        var y = tensor(Enumerable.Range(0, size).Select(i => vectors[i, index]).ToArray(), dtype: dtype, device: device);
        var u = basis.narrow(0, 0, size).t().mv(y);
        u = u.div(u.norm());
        var au = apply(u).to(dtype, device);
        products++;
        return au.sub(u.mul(theta)).norm().to(float64).item<double>();
    }
}
