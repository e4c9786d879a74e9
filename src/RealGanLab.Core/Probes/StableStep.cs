using System.Numerics;
using RealGanLab.Rules;
using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// The largest stable step of a rule (<see cref="StableStepReport"/>). For simultaneous steps the operator is I + cM with
/// M = diag(h)·J, stable for the eigenvalue μ of M while |1 + cμ| ≤ 1, i.e. c ≤ −2 Re μ / |μ|² (none when Re μ ≥ 0).
/// Extragradient (I + cM + c²M²), optimistic GD and heavy-ball momentum have other stability regions, but their operators
/// are still functions of M alone, so each eigenvalue μ evolves on its own small system: this class runs the rule's own
/// linearised step on that system (a 2×2 real block with eigenvalues μ, μ̄) for a batch of eigenvalues and factors at
/// once, and finds each eigenvalue's first crossing of radius 1 by a geometric scan and a bisection. Rules whose
/// operator mixes the players' blocks differently (alternating steps) get a bisection on the whole dense operator.
/// </summary>
public static class StableStep
{
    /// <summary>
    /// Per eigenvalue, a radius above 1 + this grows: a few ulps, so that a purely imaginary μ under simultaneous steps
    /// (radius √(1 + c²|μ|²)) is unstable from the first scan point on, as it is exactly.
    /// </summary>
    const double ModeMargin = 1e-14;

    /// <summary>
    /// For the whole operator, a radius up to 1 + this counts as not growing: its neutral directions (λ = 0) sit at radius 1
    /// for every step, and a defective eigenvalue moves by √ε under rounding.
    /// </summary>
    const double Margin = 1e-9;

    /// <summary>The scan covers c·|μ| from 10⁻⁶ to 10⁶, eight points per decade; then 60 bisection steps.</summary>
    const double ScanLow = 1e-6, ScanHigh = 1e6;
    const int PointsPerDecade = 8, BisectionSteps = 60;

    /// <summary>Per eigenvalue μ of diag(h)·J; eigenvalues with |μ| ≤ 10⁻⁹·max|μ| are neutral and bound nothing.</summary>
    public static StableStepReport FromEigenvalues(IUpdateRule rule, IReadOnlyList<Complex> modes, double momentum, bool exact)
    {
        if (!rule.OperatorActsPerEigenvalue)
            throw new ArgumentException($"the update operator of '{rule.Name}' is not a function of diag(h)·J alone; use FromOperator");
        if (modes.Count == 0 || modes.Any(z => !double.IsFinite(z.Real) || !double.IsFinite(z.Imaginary)))
            return StableStepReport.None("no finite eigenvalues to read the stable step from");
        double largest = modes.Max(z => z.Magnitude);
        // Conjugate pairs have the same stability: keep Im ≥ 0, and drop the neutral ones.
        var kept = modes.Where(z => z.Magnitude > 1e-9 * largest).Select(z => new Complex(z.Real, Math.Abs(z.Imaginary)))
            .Distinct().ToArray();
        if (kept.Length == 0) return new StableStepReport(double.PositiveInfinity, null, "eigenvalues", exact);

        int points = (int)Math.Round(Math.Log10(ScanHigh / ScanLow) * PointsPerDecade) + 1;
        var grid = Enumerable.Range(0, points).Select(i => ScanLow * Math.Pow(10, (double)i / PointsPerDecade)).ToArray();
        // One batch: every eigenvalue at every scan point (c·|μ| = grid value).
        var scaled = kept.SelectMany(z => grid.Select(g => z * (g / z.Magnitude))).ToArray();
        var radii = ModeRadii(rule, scaled, momentum);

        var low = new double[kept.Length];
        var high = new double[kept.Length];
        var factor = new double[kept.Length];
        var bracketed = new List<int>();
        for (int i = 0; i < kept.Length; i++)
        {
            int first = Enumerable.Range(0, points).FirstOrDefault(g => radii[i * points + g] > 1 + ModeMargin, -1);
            double unit = 1 / kept[i].Magnitude;
            if (first == 0) factor[i] = 0;
            else if (first < 0) factor[i] = double.PositiveInfinity;
            else
            {
                (low[i], high[i]) = (grid[first - 1] * unit, grid[first] * unit);
                bracketed.Add(i);
            }
        }
        for (int step = 0; step < BisectionSteps && bracketed.Count > 0; step++)
        {
            var middle = bracketed.Select(i => 0.5 * (low[i] + high[i])).ToArray();
            var r = ModeRadii(rule, bracketed.Select((i, j) => kept[i] * middle[j]).ToArray(), momentum);
            for (int j = 0; j < bracketed.Count; j++)
            {
                int i = bracketed[j];
                if (r[j] > 1 + ModeMargin) high[i] = middle[j]; else low[i] = middle[j];
            }
        }
        foreach (int i in bracketed) factor[i] = low[i];

        int limiting = Enumerable.Range(0, kept.Length).MinBy(i => factor[i]);
        var mode = kept[limiting];
        // A mode unstable at every step certifies c = 0 even from a few eigenvalues.
        bool certified = factor[limiting] == 0 && Enumerable.Range(0, kept.Length).Any(i => factor[i] == 0 && kept[i].Real > 0);
        return new StableStepReport(factor[limiting], double.IsPositiveInfinity(factor[limiting]) ? null : mode, "eigenvalues", exact || certified);
    }

    /// <summary>
    /// Spectral radius of the rule's linearised step for each eigenvalue μ (step sizes 1, μ already holds c·h): the step is
    /// run on a batch of 2×2 real blocks [[Re μ, −Im μ], [Im μ, Re μ]], one row per basis vector of each block's state.
    /// </summary>
    public static double[] ModeRadii(IUpdateRule rule, IReadOnlyList<Complex> modes, double momentum)
    {
        using var scope = NewDisposeScope();
        int blocks = 1 + (momentum != 0 ? 1 : 0) + rule.ExtraBlocks;
        int s = 2 * blocks;
        long b = modes.Count;
        var re = tensor(modes.Select(z => z.Real).ToArray(), dtype: float64).repeat_interleave(s).unsqueeze(1);
        var im = tensor(modes.Select(z => z.Imaginary).ToArray(), dtype: float64).repeat_interleave(s).unsqueeze(1);
        Tensor Jvp(Tensor u)
        {
            var x = u.narrow(-1, 0, 1);
            var y = u.narrow(-1, 1, 1);
            return cat([re.mul(x).sub(im.mul(y)), im.mul(x).add(re.mul(y))], -1);
        }
        var context = new LinearizedContext(2, 0, 1, Jvp, ones(2, dtype: float64), momentum, rule.ExtraBlocks);
        var basis = eye(s, dtype: float64).repeat(b, 1);
        // Row r of the result is the step applied to basis vector r: each block's matrix, transposed (same eigenvalues).
        var matrices = rule.LinearizedStep(context, basis).reshape(b, s, s);
        return linalg.eigvals(matrices).abs().amax([-1]).data<double>().ToArray();
    }

    /// <summary>
    /// By bisection on the spectral radius of the whole dense operator with step sizes c·h (small games, any rule):
    /// <paramref name="dense"/> is J of the rule's followed field.
    /// </summary>
    public static StableStepReport FromOperator(IUpdateRule rule, Tensor dense, long generatorOffset, long generatorCount, Tensor stepSizes, double momentum)
    {
        using var scope = NewDisposeScope();
        var j = dense.to(float64).cpu();
        var h = stepSizes.to(float64).cpu();
        long n = j.shape[0];
        double norm = linalg.matrix_norm(j, ord: 2).item<double>() * h.max().item<double>();
        if (!double.IsFinite(norm)) return StableStepReport.None("the Jacobian is not finite");
        if (norm == 0) return new StableStepReport(double.PositiveInfinity, null, "operator", true);
        double Radius(double c)
        {
            using var inner = NewDisposeScope();
            var context = new LinearizedContext(n, generatorOffset, generatorCount, u => u.matmul(j.t()), h.mul(c), momentum, rule.ExtraBlocks);
            var operatorRows = rule.LinearizedStep(context, eye(context.StateSize, dtype: float64));
            return linalg.eigvals(operatorRows).abs().max().item<double>();
        }
        // Scan c·‖diag(h)J‖ from 10⁻⁶ to 10⁶ at four points per decade, then bisect the first crossing.
        double lowBound = 0, highBound = double.NaN;
        for (int i = 0; i <= 48; i++)
        {
            double c = 1e-6 * Math.Pow(10, i / 4.0) / norm;
            double r = Radius(c);
            if (!double.IsFinite(r)) return StableStepReport.None("the update operator is not finite");
            if (r > 1 + Margin) { highBound = c; break; }
            lowBound = c;
        }
        if (double.IsNaN(highBound)) return new StableStepReport(double.PositiveInfinity, null, "operator", true);
        if (lowBound == 0) return new StableStepReport(0, null, "operator", true);
        for (int i = 0; i < BisectionSteps; i++)
        {
            double middle = 0.5 * (lowBound + highBound);
            if (Radius(middle) > 1 + Margin) highBound = middle; else lowBound = middle;
        }
        return new StableStepReport(lowBound, null, "operator", true);
    }
}
