using System.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// Thick-restarted Arnoldi for a few eigenvalues of a large non-symmetric operator given only as a product
/// u ↦ A·u (here J·u by double VJP). Each cycle grows an orthonormal Krylov basis V (classical
/// Gram–Schmidt, repeated when it cancels: DGKS) with A·V_j = V_{j+1}·H̄_j; the Ritz values of H_j approximate eigenvalues. To
/// restart it keeps the real span of the wanted Ritz vectors plus the last basis vector, which is again a
/// Krylov-type relation (Morgan 1996, "On restarting the Arnoldi method for large nonsymmetric eigenvalue
/// problems"; Stewart's Krylov–Schur 2001 is the same subspace): H̄ becomes [T; r·Q] with T = QᵀH_jQ.
/// </summary>
public static class ArnoldiEigensolver
{
    /// <param name="start">The first cycle of an earlier solve of the same operator (reused when its size and seed match),
    /// or an empty one to fill; null: neither.</param>
    public static ArnoldiResult Solve(Func<Tensor, Tensor> apply, long n, ArnoldiOptions options, ScalarType dtype, Device device, KrylovStart? start = null)
    {
        int k = (int)Math.Min(options.K, n);
        int m = (int)Math.Min(options.Subspace > 0 ? options.Subspace : Math.Max(3 * k, 30), n);
        m = Math.Max(m, Math.Min(k + 2, (int)n));
        bool single = dtype == float32 || dtype == float16 || dtype == bfloat16;
        // What a residual can reach in this dtype, relative to the operator's scale.
        double tolerance = Math.Max(options.Tolerance, single ? 1e-5 : 1e-13);
        double breakdownLevel = single ? 1e-6 : 1e-13;
        int products = 0;

        var basis = zeros(new long[] { m + 1, n }, dtype: dtype, device: device);
        var h = new double[m + 1, m];
        bool reuse = start is not null && start.Matches(n, m, options.Seed, options.Start);
        using (var draw = NewDisposeScope())
        {
            using var generator = new Generator((ulong)options.Seed);
            var v0 = Numerics.Draws.Normal(generator, [n], dtype, device);
            v0 = v0.div(v0.norm());
            if (options.Start is { } warm)
            {
                if (warm.numel() != n) throw new ArgumentException($"the warm start has {warm.numel()} entries, the operator {n}");
                var w = warm.to(dtype, device);
                v0 = w.div(w.norm()).add(v0.mul(0.1));
            }
            basis[0].copy_(v0.div(v0.norm()));
        }

        int filled = 0;           // columns of H̄ already computed
        for (int restart = 0; ; restart++)
        {
            int size = m;             // Krylov dimension of this cycle
            bool invariant = false;
            if (restart == 0 && reuse)
            {
                // The shared first cycle, complete or stopped early (then this run extends it).
                basis.copy_(start!.Basis!);
                h = (double[,])start.H!.Clone();
                (invariant, filled) = (start.Invariant, start.Size);
                size = invariant || start.Size == m ? start.Size : m;
            }
            for (int j = filled; j < m && !invariant; j++)
            {
                using var scope = NewDisposeScope();
                var w = apply(basis[j]).to(dtype, device);
                products++;
                var previous = basis.narrow(0, 0, j + 1);
                var coefficients = previous.mv(w);
                var projected = w.sub(previous.t().mv(coefficients));
                // H's new column, ‖w‖ and β in one host copy (each read is a synchronisation on CUDA).
                var read = cat([coefficients, w.norm().reshape(1), projected.norm().reshape(1)]).to(float64).cpu().data<double>().ToArray();
                var column = read[..^2];
                double beta = read[^1];
                w = projected;
                // Reorthogonalize only when the projection cancelled most of w (Daniel, Gragg, Kaufman, Stewart 1976,
                // η = 1/√2): then orthogonality to the basis may be lost to rounding. Otherwise one pass is as good as two,
                // and the passes over the (j+1)×n basis cost as much as a small game's J·u (they are memory-bound).
                if (beta < 0.7071 * read[^2])
                {
                    var correction = previous.mv(w);
                    w = w.sub(previous.t().mv(correction));
                    var second = cat([correction, w.norm().reshape(1)]).to(float64).cpu().data<double>().ToArray();
                    for (int i = 0; i < column.Length; i++) column[i] += second[i];
                    beta = second[^1];
                }
                if (!double.IsFinite(beta) || !column.All(double.IsFinite))
                    return new ArnoldiResult([], [], restart, products, Converged: false);
                double scale = Math.Sqrt(column.Sum(c => c * c) + beta * beta);
                for (int i = 0; i <= j; i++) h[i, j] = column[i];
                h[j + 1, j] = beta;
                if (beta <= breakdownLevel * Math.Max(scale, 1e-300))
                {
                    // Breakdown: span(V_{j+1}) is invariant, its Ritz values are exact eigenvalues
                    // (one per distinct eigenvalue of the start vector's Krylov space: fewer than k is possible).
                    h[j + 1, j] = 0;
                    size = j + 1;
                    invariant = true;
                    break;
                }
                basis[j + 1].copy_(w.div(beta));
                // Stop the cycle as soon as the wanted Ritz pairs have converged: a warm start may need far fewer than m
                // products. The check costs one small dense eigenproblem, nothing next to a product.
                if (j + 1 >= k + 1 && j + 1 < m && ConvergedAt(h, j + 1, k, options.Target, tolerance))
                {
                    size = j + 1;
                    break;
                }
            }

            if (restart == 0 && start is not null && !reuse) start.Store(basis, h, size, invariant, n, m, options.Seed, options.Start);

            var square = new double[size, size];
            for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) square[i, j] = h[i, j];
            var (ritz, vectors) = DenseEigen.Decompose(square);
            if (!ritz.All(z => double.IsFinite(z.Real) && double.IsFinite(z.Imaginary)))
                return new ArnoldiResult([], [], restart, products, Converged: false);
            // Residuals are measured against the largest Ritz value, an estimate of ‖A‖, so that eigenvalues
            // at or near zero (common at GAN equilibria) can converge too.
            double operatorScale = Math.Max(ritz.Max(z => z.Magnitude), 1e-300);
            var order = Enumerable.Range(0, size)
                .OrderByDescending(i => options.Target.Key(ritz[i])).ThenByDescending(i => ritz[i].Imaginary).ToArray();
            var wanted = Wanted(order, Math.Min(k, size), ritz, operatorScale);

            bool converged = wanted.All(i => ResidualEstimate(h, size, vectors, i) <= tolerance * operatorScale);
            if (converged || invariant || restart >= options.MaxRestarts || m <= 2)
            {
                var residuals = wanted.Select(i => TrueResidual(apply, basis, size, vectors, i, ritz[i], dtype, device, ref products) / operatorScale).ToArray();
                bool ok = residuals.All(r => r <= 10 * tolerance);
                return new ArnoldiResult(wanted.Select(i => ritz[i]).ToArray(), residuals, restart, products, ok, RitzSum(basis, size, vectors, wanted));
            }

            filled = Restart(basis, h, m, vectors, order, k, ritz);
        }
    }

    /// <summary>Whether every wanted Ritz pair of the leading size×size block of H̄ meets the tolerance (the cheap estimate).</summary>
    static bool ConvergedAt(double[,] h, int size, int k, EigenTarget target, double tolerance)
    {
        var square = new double[size, size];
        for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) square[i, j] = h[i, j];
        var (ritz, vectors) = DenseEigen.Decompose(square);
        if (!ritz.All(z => double.IsFinite(z.Real) && double.IsFinite(z.Imaginary))) return false;
        double scale = Math.Max(ritz.Max(z => z.Magnitude), 1e-300);
        var order = Enumerable.Range(0, size).OrderByDescending(i => target.Key(ritz[i])).ThenByDescending(i => ritz[i].Imaginary).ToArray();
        return Wanted(order, Math.Min(k, size), ritz, scale).All(i => ResidualEstimate(h, size, vectors, i) <= tolerance * scale);
    }

    /// <summary>V·Σᵢ (Re yᵢ + Im yᵢ)/‖yᵢ‖ over the wanted Ritz vectors: one vector whose Krylov space holds them all.</summary>
    static Tensor RitzSum(Tensor basis, int size, Complex[,] vectors, int[] wanted)
    {
        var y = new double[size];
        foreach (int i in wanted)
        {
            double norm = Math.Max(Norm(vectors, i, size), 1e-300);
            for (int j = 0; j < size; j++) y[j] += (vectors[j, i].Real + vectors[j, i].Imaginary) / norm;
        }
        using var scope = NewDisposeScope();
        return basis.narrow(0, 0, size).t().mv(tensor(y, dtype: basis.dtype, device: basis.device)).MoveToOuterDisposeScope();
    }

    /// <summary>The best k Ritz values, plus the conjugate partner of the last one when the cut would split a pair.</summary>
    static int[] Wanted(int[] order, int k, Complex[] ritz, double scale)
    {
        var wanted = order.Take(k).ToList();
        var last = ritz[wanted[^1]];
        if (Math.Abs(last.Imaginary) > 1e-12 * scale)
        {
            var conjugate = Complex.Conjugate(last);
            bool present = wanted.Any(i => (ritz[i] - conjugate).Magnitude <= 1e-8 * scale);
            var partner = order.Skip(k).Where(i => (ritz[i] - conjugate).Magnitude <= 1e-8 * scale).Take(1).ToList();
            if (!present && partner.Count == 1) wanted.Add(partner[0]);
        }
        return wanted.ToArray();
    }

    /// <summary>|h̄_{size+1,:}·y|: the residual norm ‖A V y − θ V y‖ of a unit Ritz vector, for free.</summary>
    static double ResidualEstimate(double[,] h, int size, Complex[,] vectors, int index)
    {
        Complex sum = Complex.Zero;
        for (int j = 0; j < size; j++) sum += h[size, j] * vectors[j, index];
        return sum.Magnitude / Norm(vectors, index, size);
    }

    static double Norm(Complex[,] vectors, int index, int size)
    {
        double s = 0;
        for (int j = 0; j < size; j++) s += vectors[j, index].Magnitude * vectors[j, index].Magnitude;
        return Math.Sqrt(s);
    }

    /// <summary>‖A x − θ x‖ / ‖x‖ with x = V y, by explicit products (one per real part, one per imaginary part).</summary>
    static double TrueResidual(Func<Tensor, Tensor> apply, Tensor basis, int size, Complex[,] vectors, int index, Complex theta,
        ScalarType dtype, Device device, ref int products)
    {
        using var scope = NewDisposeScope();
        var yr = tensor(Enumerable.Range(0, size).Select(j => vectors[j, index].Real).ToArray(), dtype: dtype, device: device);
        var yi = tensor(Enumerable.Range(0, size).Select(j => vectors[j, index].Imaginary).ToArray(), dtype: dtype, device: device);
        var v = basis.narrow(0, 0, size);
        var xr = v.t().mv(yr);
        var xi = v.t().mv(yi);
        var axr = apply(xr).to(dtype, device);
        products++;
        var axi = Math.Abs(theta.Imaginary) > 0 ? apply(xi).to(dtype, device) : zeros_like(xi);
        if (Math.Abs(theta.Imaginary) > 0) products++;
        // (A − θ)(xr + i xi) = (A xr − a xr + b xi) + i (A xi − a xi − b xr), θ = a + ib.
        var realPart = axr.sub(xr.mul(theta.Real)).add(xi.mul(theta.Imaginary));
        var imagPart = axi.sub(xi.mul(theta.Real)).sub(xr.mul(theta.Imaginary));
        double residual = Math.Sqrt(realPart.square().sum().add(imagPart.square().sum()).to(float64).item<double>());
        double norm = Math.Sqrt(xr.square().sum().add(xi.square().sum()).to(float64).item<double>());
        return residual / Math.Max(norm, 1e-300);
    }

    /// <summary>
    /// Keeps the real span Q of the best Ritz vectors (real and imaginary parts, so conjugate pairs stay whole)
    /// and the last basis vector; returns how many columns of the new H̄ are already known.
    /// </summary>
    static int Restart(Tensor basis, double[,] h, int m, Complex[,] vectors, int[] order, int k, Complex[] ritz)
    {
        int keepTarget = Math.Max(1, Math.Min(k + (m - k) / 2, m - 2));
        var columns = new List<double[]>();
        foreach (int i in order)
        {
            if (columns.Count >= keepTarget) break;
            columns.Add(Enumerable.Range(0, m).Select(j => vectors[j, i].Real).ToArray());
            if (Math.Abs(ritz[i].Imaginary) > 0)
                columns.Add(Enumerable.Range(0, m).Select(j => vectors[j, i].Imaginary).ToArray());
        }

        using var scope = NewDisposeScope();
        var y = tensor(columns.SelectMany(c => c).ToArray(), dtype: float64).reshape(columns.Count, m).t();
        var (u, s, _) = linalg.svd(y, fullMatrices: false);
        var sv = s.data<double>().ToArray();
        int p = sv.Count(x => x > 1e-10 * sv[0]);
        p = Math.Min(p, m - 1);
        var q = u.narrow(1, 0, p).contiguous();                     // m × p, orthonormal

        var hm = new double[m * m];
        for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) hm[i * m + j] = h[i, j];
        var hSquare = tensor(hm, dtype: float64).reshape(m, m);
        var lastRow = tensor(Enumerable.Range(0, m).Select(j => h[m, j]).ToArray(), dtype: float64);
        var t = q.t().matmul(hSquare).matmul(q).contiguous().data<double>().ToArray();
        var r = lastRow.matmul(q).contiguous().data<double>().ToArray();

        // New basis: [V_m Q, v_{m+1}].
        var kept = q.t().to(basis.dtype, basis.device).matmul(basis.narrow(0, 0, m));
        var last = basis[m].clone();
        basis.narrow(0, 0, p).copy_(kept);
        basis[p].copy_(last);

        Array.Clear(h);
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) h[i, j] = t[i * p + j];
        for (int j = 0; j < p; j++) h[p, j] = r[j];
        return p;
    }
}
