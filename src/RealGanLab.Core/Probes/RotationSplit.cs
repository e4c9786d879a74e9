using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// Computes <see cref="FieldSplit"/>: exactly from a dense Jacobian, or for a large one from products alone. ‖S‖_F² and ‖A‖_F²
/// are estimated by Hutchinson's method (Hutchinson 1990): for Rademacher z, E‖Bz‖² = tr(BᵀB) = ‖B‖_F², and
/// Sz = ½(Jz + Jᵀz), Az = ½(Jz − Jᵀz) cost one J·z and one Jᵀ·z per probe vector. The rotation fraction is the ratio of
/// the means; its standard error comes from the delta method on the paired samples. S's extremes come from Lanczos
/// (<see cref="LanczosEigensolver"/>) on u ↦ ½(Ju + Jᵀu), two products per step.
/// </summary>
public static class RotationSplit
{
    /// <summary>Exact split of a dense n×n Jacobian.</summary>
    public static FieldSplit Dense(Tensor jacobian)
    {
        using var scope = NewDisposeScope();
        var j = jacobian.detach().to(float64).cpu();
        var s = j.add(j.t()).mul(0.5);
        var a = j.sub(j.t()).mul(0.5);
        double s2 = s.square().sum().item<double>(), a2 = a.square().sum().item<double>();
        var eigenvalues = linalg.eigvalsh(s).data<double>().ToArray();
        return new FieldSplit("dense", s2, 0, a2, 0, Fraction(s2, a2), 0, 0, eigenvalues[0], eigenvalues[^1], true, 0);
    }

    /// <summary>Hutchinson estimates from <paramref name="samples"/> Rademacher vectors (at least 2, for the standard errors).</summary>
    public static FieldSplit Estimate(Func<Tensor, Tensor> jvp, Func<Tensor, Tensor> vjp, long n, int samples, long seed, ScalarType dtype, Device device,
        LanczosOptions? symmetricExtremes = null)
    {
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, "Hutchinson's estimate needs at least 2 probe vectors");
        var sym = new double[samples];
        var anti = new double[samples];
        int products = 0;
        using (var scope = NewDisposeScope())
        {
            // Drawn on the CPU from one seeded generator, then moved: a seed means the same vectors on every device.
            using var generator = new Generator((ulong)seed);
            for (int i = 0; i < samples; i++)
            {
                using var draw = NewDisposeScope();
                var z = randint(0, 2, [n], dtype: float64, generator: generator).mul(2).sub(1).to(dtype, device);
                var jz = jvp(z);
                var jtz = vjp(z);
                products += 2;
                var read = stack([jz.add(jtz).square().sum(), jz.sub(jtz).square().sum()]).mul(0.25).to(float64).cpu().data<double>().ToArray();
                (sym[i], anti[i]) = (read[0], read[1]);
            }
        }
        double s2 = sym.Average(), a2 = anti.Average();
        double fraction = Fraction(s2, a2);
        // Delta method for R = ā/(ā + s̄): Var R ≈ Var(aᵢ − R(aᵢ + sᵢ)) / (N (ā + s̄)²); d√R = dR / (2√R).
        double ratio = a2 / (s2 + a2);
        var linearised = anti.Select((a, i) => a - ratio * (a + sym[i])).ToArray();
        double ratioError = StandardError(linearised) / (s2 + a2);
        double fractionError = fraction > 0 ? ratioError / (2 * fraction) : double.NaN;

        double min = double.NaN, max = double.NaN;
        bool converged = false;
        if (symmetricExtremes is not null)
        {
            var lanczos = LanczosEigensolver.Solve(u => jvp(u).add(vjp(u)).mul(0.5), n, symmetricExtremes, dtype, device);
            (min, max, converged) = (lanczos.Min, lanczos.Max, lanczos.Converged);
            products += 2 * lanczos.Products;
        }
        return new FieldSplit("hutchinson", s2, StandardError(sym), a2, StandardError(anti), fraction, fractionError, samples, min, max, converged, products);
    }

    static double Fraction(double symmetricSquared, double antisymmetricSquared)
    {
        double total = symmetricSquared + antisymmetricSquared;
        return total > 0 ? Math.Sqrt(antisymmetricSquared / total) : double.NaN;
    }

    /// <summary>Sample standard deviation / √N.</summary>
    static double StandardError(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        double variance = values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1);
        return Math.Sqrt(variance / values.Count);
    }
}
