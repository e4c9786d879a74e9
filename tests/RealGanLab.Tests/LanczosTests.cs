using RealGanLab.Probes;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>Lanczos on symmetric matrices whose spectrum is chosen, so the extremes are known exactly.</summary>
[NoGarbageCollection]
public class LanczosTests
{
    [Fact]
    public void RecoversTheExtremesOfASize200MatrixBeforeExhaustingTheKrylovSpace()
    {
        var spectrum = SymmetricTestMatrix.BulkWithOutliers(200, 3, -3.0, -2.4, 2.0, 2.5);
        var a = SymmetricTestMatrix.Create(spectrum, 17);
        using var scope = NewDisposeScope();
        var result = LanczosEigensolver.Solve(u => a.mv(u), 200, new LanczosOptions(), float64, CPU);

        Assert.True(result.Converged, $"not converged after {result.Iterations} iterations");
        Assert.False(result.Exhausted);
        Assert.InRange(result.Iterations, 5, 39);
        Assert.Equal(result.Iterations + 2, result.Products);
        Assert.InRange(Math.Abs(result.Min - -3.0) / 3.0, 0.0, 1e-8);
        Assert.InRange(Math.Abs(result.Max - 2.5) / 2.5, 0.0, 1e-8);
        Assert.InRange(result.MinResidual, 0.0, 10 * 1e-10 * 3.0);
        Assert.InRange(result.MaxResidual, 0.0, 10 * 1e-10 * 3.0);
    }

    [Fact]
    public void TooFewIterationsGiveInteriorRitzValuesAndSaySo()
    {
        // Ritz values lie inside [λmin, λmax] (Courant–Fischer); after 4 steps they are not there yet.
        var spectrum = SymmetricTestMatrix.BulkWithOutliers(200, 3, -3.0, -2.4, 2.0, 2.5);
        var a = SymmetricTestMatrix.Create(spectrum, 17);
        using var scope = NewDisposeScope();
        var result = LanczosEigensolver.Solve(u => a.mv(u), 200, new LanczosOptions { MaxIterations = 4 }, float64, CPU);

        Assert.False(result.Converged);
        Assert.False(result.Exhausted);
        Assert.Equal(4, result.Iterations);
        Assert.InRange(result.Min, -3.0, -1.0);
        Assert.InRange(result.Max, 1.0, 2.5);
        Assert.InRange(Math.Max(result.MinResidual, result.MaxResidual), 1e-6, 10.0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(39)]
    [InlineData(40)]
    public void BelowMaxIterationsTheExtremesAreExact(int n)
    {
        var spectrum = Enumerable.Range(0, n).Select(i => -1.7 + 3.1 * Math.Sin(0.9 * i + 0.3)).ToArray();
        var a = SymmetricTestMatrix.Create(spectrum, 5 + n);
        using var scope = NewDisposeScope();
        var result = LanczosEigensolver.Solve(u => a.mv(u), n, new LanczosOptions(), float64, CPU);

        Assert.True(result.Exhausted);
        Assert.True(result.Converged);
        Assert.InRange(result.Iterations, 1, n);
        Assert.InRange(Math.Abs(result.Min - spectrum.Min()), 0.0, 1e-12 * 5);
        Assert.InRange(Math.Abs(result.Max - spectrum.Max()), 0.0, 1e-12 * 5);
        Assert.InRange(result.MinResidual, 0.0, 1e-12 * 5);
        Assert.InRange(result.MaxResidual, 0.0, 1e-12 * 5);
    }

    [Fact]
    public void FewDistinctEigenvaluesExhaustTheKrylovSpaceEarly()
    {
        // Three distinct eigenvalues: the Krylov space of any start vector has dimension 3, so β₃ = 0.
        var spectrum = Enumerable.Range(0, 100).Select(i => new[] { -2.0, 0.5, 3.0 }[i % 3]).ToArray();
        var a = SymmetricTestMatrix.Create(spectrum, 9);
        using var scope = NewDisposeScope();
        var result = LanczosEigensolver.Solve(u => a.mv(u), 100, new LanczosOptions(), float64, CPU);

        Assert.True(result.Exhausted);
        Assert.True(result.Converged);
        Assert.Equal(3, result.Iterations);
        Assert.Equal(-2.0, result.Min, 12);
        Assert.Equal(3.0, result.Max, 12);
    }

    [Fact]
    public void TheZeroOperatorHasExactZeroExtremes()
    {
        using var scope = NewDisposeScope();
        var result = LanczosEigensolver.Solve(u => u.mul(0.0), 30, new LanczosOptions(), float64, CPU);
        Assert.True(result.Exhausted);
        Assert.True(result.Converged);
        Assert.Equal(1, result.Iterations);
        Assert.Equal(0.0, result.Min);
        Assert.Equal(0.0, result.Max);
    }

    [Fact]
    public void ANonFiniteOperatorIsReportedNotThrown()
    {
        using var scope = NewDisposeScope();
        var result = LanczosEigensolver.Solve(u => u.mul(double.NaN), 30, new LanczosOptions(), float64, CPU);
        Assert.False(result.Converged);
        Assert.True(double.IsNaN(result.Min) && double.IsNaN(result.Max));
    }

    [Fact]
    public void InFloat32ItStopsAtSinglePrecisionAndSaysSo()
    {
        var spectrum = SymmetricTestMatrix.BulkWithOutliers(200, 4, -3.0, 2.5);
        var a = SymmetricTestMatrix.Create(spectrum, 21, float32);
        using var scope = NewDisposeScope();
        var result = LanczosEigensolver.Solve(u => a.mv(u), 200, new LanczosOptions { Tolerance = 1e-12 }, float32, CPU);

        Assert.True(result.Converged, $"not converged after {result.Iterations} iterations");
        Assert.InRange(result.Iterations, 3, 39);
        Assert.InRange(Math.Abs(result.Min - -3.0) / 3.0, 0.0, 1e-5);
        Assert.InRange(Math.Abs(result.Max - 2.5) / 2.5, 0.0, 1e-5);
        Assert.InRange(result.MaxResidual, 0.0, 1e-4 * 3.0);
    }

    [Fact]
    public void TheSeedChoosesTheStartVectorAndNotTheAnswer()
    {
        var spectrum = SymmetricTestMatrix.BulkWithOutliers(120, 6, -3.0, 2.5);
        var a = SymmetricTestMatrix.Create(spectrum, 8);
        using var scope = NewDisposeScope();
        var first = LanczosEigensolver.Solve(u => a.mv(u), 120, new LanczosOptions { Seed = 1 }, float64, CPU);
        var again = LanczosEigensolver.Solve(u => a.mv(u), 120, new LanczosOptions { Seed = 1 }, float64, CPU);
        var other = LanczosEigensolver.Solve(u => a.mv(u), 120, new LanczosOptions { Seed = 2 }, float64, CPU);
        Assert.Equal(first, again);
        Assert.NotEqual(first.MinResidual, other.MinResidual);
        Assert.Equal(first.Min, other.Min, 10);
        Assert.Equal(first.Max, other.Max, 10);
    }
}
