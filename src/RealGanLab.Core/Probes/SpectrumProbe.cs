using System.Diagnostics;
using System.Numerics;
using RealGanLab.Games;
using RealGanLab.Rules;
using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>
/// Reads the spectrum of the game at its current parameters on a fixed batch: eigenvalues of the Jacobian
/// of the field the rule follows (dense J for small games, Arnoldi on double-VJP products for large ones)
/// and the update operator's spectral radius. It never writes parameters, gradients or optimizer state.
/// </summary>
public static class SpectrumProbe
{
    /// <param name="jacobian">The Jacobian of the rule's effective field on <paramref name="batch"/>, when the caller already built it
    /// (its graph costs about ten products); built here otherwise.</param>
    /// <param name="warm">The previous probe's Ritz vectors (Arnoldi path): the runs start from them when they fit, and they are
    /// replaced by this probe's; null: a seeded random start.</param>
    public static SpectrumReport Run(IGame game, IUpdateRule rule, GameBatch batch, Tensor stepSizes, double momentum, SpectrumProbeOptions settings, long seed,
        FieldJacobian? jacobian = null, ArnoldiWarmStart? warm = null)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var target = EigenTargets.Parse(settings.Which);
        jacobian ??= new FieldJacobian(() => rule.EffectiveField(game, batch), game.Parameters);
        var norms = FieldNorms(game, batch);
        var options = new ArnoldiOptions
        {
            K = settings.K, Target = target, Subspace = settings.Subspace, Tolerance = settings.Tol,
            MaxRestarts = settings.MaxRestarts, Seed = seed,
        };

        if (game.ParameterCount <= settings.DenseLimit)
        {
            var dense = jacobian.Dense();
            var eigenvalues = target.Sort(DenseEigen.Eigenvalues(dense));
            var context = UpdateOperator.Context(game, rule, u => dense.mv(u), stepSizes.to(dense.dtype), momentum);
            double radius = UpdateOperator.DenseEigenvalues(rule, context).Max(z => z.Magnitude);
            return new SpectrumReport
            {
                Method = "dense", Eigenvalues = eigenvalues, Residuals = [], Target = target,
                MaxReal = eigenvalues.Max(z => z.Real), MaxAbsImaginary = eigenvalues.Max(z => Math.Abs(z.Imaginary)),
                UpdateOperatorSpectralRadius = radius, FieldNorms = norms, Products = jacobian.Products,
                Split = RotationSplit.Dense(dense), StableStep = DenseStableStep(game, rule, dense, eigenvalues, stepSizes, momentum),
                StepSizes = PlayerStepSizes(game, stepSizes), Seconds = clock.Elapsed.TotalSeconds,
            };
        }

        // The three runs start from one vector — seeded, or warm: the sum of the previous probe's Ritz vectors of all three
        // targets — with one subspace size, and share their first cycle. (Starting each run from its own target's vectors
        // loses that sharing and cost more products than it saved on the ring: docs/probe-diagnostics.md.)
        var firstCycle = new KrylovStart();
        var warmStart = warm?.Combined(jacobian.Size, jacobian.Device);
        ArnoldiResult Solve(EigenTarget which, int k)
        {
            var result = ArnoldiEigensolver.Solve(jacobian.Jvp, jacobian.Size, options with { Target = which, K = k, Start = warmStart },
                jacobian.Dtype, jacobian.Device, firstCycle);
            warm?.Store(which, result.RitzSum);
            return result;
        }
        var top = Solve(target, settings.K);
        // The stability verdicts need the extreme real and imaginary parts, which the top-k by another
        // target need not contain: a short extra run for each.
        var rightmost = target == EigenTarget.LargestReal ? top : Solve(EigenTarget.LargestReal, Math.Min(settings.K, 4));
        var mostRotating = target == EigenTarget.LargestImaginary ? top : Solve(EigenTarget.LargestImaginary, Math.Min(settings.K, 4));
        double operatorRadius;
        bool radiusConverged = true;
        var h = stepSizes.to(float64);
        double hMax = h.max().item<double>(), hMin = h.min().item<double>();
        var found = top.Eigenvalues.Concat(rightmost.Eigenvalues).Concat(mostRotating.Eigenvalues).ToArray();
        double largestMagnitude = found.Select(z => z.Magnitude).DefaultIfEmpty(double.PositiveInfinity).Max();
        if (rule.SimultaneousLinearStep && momentum == 0 && hMax == hMin && target == EigenTarget.LargestMagnitude && hMax * largestMagnitude <= 0.1)
        {
            // I + hJ has eigenvalues 1 + hλ, |1 + hλ|² = 1 + 2h·Re λ + h²|λ|². With h·|λ|max ≤ 0.1 the h² term is at most
            // a tenth of h·|λ|, so the maximum sits at the largest Re λ (the LR run) unless Re λ is tiny everywhere, where
            // the largest |λ| (the LM run) decides: read off the eigenvalues found rather than running Arnoldi on an
            // operator whose eigenvalues all crowd near 1.
            operatorRadius = found.Select(z => (1 + hMax * z).Magnitude).DefaultIfEmpty(double.NaN).Max();
        }
        else
        {
            var operatorContext = UpdateOperator.Context(game, rule, jacobian.Jvp, stepSizes.to(jacobian.Dtype), momentum);
            var largest = UpdateOperator.LargestByArnoldi(rule, operatorContext, options);
            operatorRadius = largest.Eigenvalues.Length > 0 ? largest.Eigenvalues[0].Magnitude : double.NaN;
            radiusConverged = largest.Converged;
        }
        // The stable step's products (two short runs with several step sizes) count with the spectrum's; the split's apart.
        var stable = ArnoldiStableStep(rule, jacobian, found, h, hMax == hMin, momentum, options);
        int spectrumProducts = jacobian.Products;
        var split = settings.HutchinsonSamples >= 2
            ? RotationSplit.Estimate(jacobian.Jvp, jacobian.Vjp, jacobian.Size, settings.HutchinsonSamples, seed + 1, jacobian.Dtype, jacobian.Device,
                settings.SymmetricIterations > 0 ? new LanczosOptions { MaxIterations = settings.SymmetricIterations, Seed = seed + 2 } : null)
            : null;
        return new SpectrumReport
        {
            Method = "arnoldi", Eigenvalues = top.Eigenvalues, Residuals = top.Residuals, Target = target,
            Split = split, StableStep = stable, StepSizes = PlayerStepSizes(game, stepSizes), WarmStarted = warmStart is not null,
            ExtremeEigenvalues = rightmost.Eigenvalues.Concat(mostRotating.Eigenvalues).ToArray(),
            MaxReal = rightmost.Eigenvalues.Select(z => z.Real).DefaultIfEmpty(double.NaN).Max(),
            MaxAbsImaginary = mostRotating.Eigenvalues.Select(z => Math.Abs(z.Imaginary)).DefaultIfEmpty(double.NaN).Max(),
            UpdateOperatorSpectralRadius = operatorRadius,
            FieldNorms = norms, Products = spectrumProducts, Seconds = clock.Elapsed.TotalSeconds,
            Converged = top.Converged && radiusConverged && rightmost.Converged && mostRotating.Converged,
        };
    }

    /// <summary>Every eigenvalue takes part: per eigenvalue of diag(h)·J, or by bisection on the dense operator.</summary>
    static StableStepReport DenseStableStep(IGame game, IUpdateRule rule, Tensor dense, Complex[] eigenvalues, Tensor stepSizes, double momentum)
    {
        using var scope = NewDisposeScope();
        var h = stepSizes.to(float64).cpu();
        if (!rule.OperatorActsPerEigenvalue)
        {
            var g = game.Players[PlayerIndex.Generator];
            return StableStep.FromOperator(rule, dense, g.Offset, g.Count, h, momentum);
        }
        double hMax = h.max().item<double>(), hMin = h.min().item<double>();
        // One step size: the eigenvalues of hJ are h·λ. Several (TTUR): those of diag(h)·J, row i of J scaled by hᵢ.
        var modes = hMax == hMin
            ? eigenvalues.Select(z => z * hMax).ToArray()
            : DenseEigen.Eigenvalues(h.unsqueeze(1).mul(dense.to(float64).cpu()));
        return StableStep.FromEigenvalues(rule, modes, momentum, exact: true);
    }

    /// <summary>From the eigenvalues Arnoldi found (an upper bound); with several step sizes, two short runs on diag(h)·J.</summary>
    static StableStepReport ArnoldiStableStep(IUpdateRule rule, FieldJacobian jacobian, Complex[] found, Tensor h, bool oneStepSize, double momentum,
        ArnoldiOptions options)
    {
        if (!rule.OperatorActsPerEigenvalue)
            return StableStepReport.None($"'{rule.Name}' steps the players in turn: its stable step needs the dense operator (a game within probe:denseLimit parameters)");
        if (oneStepSize) return StableStep.FromEigenvalues(rule, found.Select(z => z * h.max().item<double>()).ToArray(), momentum, exact: false);
        var scaled = h.to(jacobian.Dtype, jacobian.Device);
        Tensor Product(Tensor u) => jacobian.Jvp(u).mul(scaled);
        var start = new KrylovStart();
        var small = options with { K = Math.Min(options.K, 4), Start = null };
        var largest = ArnoldiEigensolver.Solve(Product, jacobian.Size, small with { Target = EigenTarget.LargestMagnitude }, jacobian.Dtype, jacobian.Device, start);
        var rightmost = ArnoldiEigensolver.Solve(Product, jacobian.Size, small with { Target = EigenTarget.LargestReal }, jacobian.Dtype, jacobian.Device, start);
        return StableStep.FromEigenvalues(rule, largest.Eigenvalues.Concat(rightmost.Eigenvalues).ToArray(), momentum, exact: false);
    }

    /// <summary>The largest step size over each player's coordinates.</summary>
    static double[] PlayerStepSizes(IGame game, Tensor stepSizes)
    {
        using var scope = NewDisposeScope();
        var h = stepSizes.to(float64).cpu();
        return game.Players.Select(p => h.narrow(0, p.Offset, p.Count).max().item<double>()).ToArray();
    }

    static double[] FieldNorms(IGame game, GameBatch batch)
    {
        using var scope = NewDisposeScope();
        var v = game.Evaluate(batch, createGraph: false).Flat().detach();
        return game.Players.Select(p => v.narrow(0, p.Offset, p.Count).norm().to(float64).item<double>()).ToArray();
    }
}
