using System.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Numerics;

/// <summary>
/// Random non-symmetric matrices with a known spectrum, for testing eigensolvers: A = S Λ S⁻¹ with
/// S = I + 0.5 G/√n (G Gaussian, so S is well conditioned but A is far from normal) and Λ real
/// block-diagonal: a bulk of eigenvalues uniform in the unit disk plus well-separated outliers
/// (complex pairs at growing radius and angle, and real ones), so the top eigenvalues by magnitude,
/// real part and imaginary part are distinct and Arnoldi converges in a few restarts.
/// </summary>
public static class RandomSpectrumMatrix
{
    public static (Tensor Matrix, Complex[] Eigenvalues) Create(int n, long seed, ScalarType dtype, Device? device = null)
    {
        var rng = new Random((int)(seed % int.MaxValue));
        var eigenvalues = new List<Complex>();
        var lambda = new double[n, n];
        int i = 0;

        void AddPair(double re, double im)
        {
            lambda[i, i] = re; lambda[i, i + 1] = im; lambda[i + 1, i] = -im; lambda[i + 1, i + 1] = re;
            eigenvalues.Add(new Complex(re, im));
            eigenvalues.Add(new Complex(re, -im));
            i += 2;
        }

        void AddReal(double re)
        {
            lambda[i, i] = re;
            eigenvalues.Add(new Complex(re, 0));
            i += 1;
        }

        // Outliers: at most a quarter of the spectrum.
        int pairs = Math.Min(10, n / 8);
        for (int j = 0; j < pairs; j++)
        {
            double radius = 1.6 + 0.3 * j;
            double angle = 0.2 + j * (Math.PI - 0.4) / Math.Max(1, pairs - 1);
            AddPair(radius * Math.Cos(angle), radius * Math.Sin(angle));
        }
        int reals = Math.Min(4, n / 16);
        for (int j = 0; j < reals; j++) AddReal((j % 2 == 0 ? 1 : -1) * (1.45 + 0.6 * (j / 2) + 0.13 * j));

        // Bulk: uniform in the unit disk (pairs) plus a few reals in [−1, 1].
        while (i < n)
        {
            if (n - i >= 2 && rng.NextDouble() < 0.9)
            {
                double r = Math.Sqrt(rng.NextDouble()), phi = Math.PI * rng.NextDouble();
                AddPair(r * Math.Cos(phi), Math.Max(1e-3, r * Math.Sin(phi)));
            }
            else AddReal(2 * rng.NextDouble() - 1);
        }

        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        var g = randn(new long[] { n, n }, dtype: float64, generator: generator);
        var s = eye(n, dtype: float64).add(g.mul(0.5 / Math.Sqrt(n)));
        var flat = new double[n * n];
        for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) flat[r * n + c] = lambda[r, c];
        var l = tensor(flat, dtype: float64).reshape(n, n);
        // A = S Λ S⁻¹, i.e. A S = S Λ: solve Sᵀ Aᵀ = (S Λ)ᵀ.
        var a = linalg.solve(s.t(), s.matmul(l).t()).t().contiguous();
        var result = a.to(dtype, device ?? CPU).MoveToOuterDisposeScope();
        return (result, eigenvalues.ToArray());
    }
}
