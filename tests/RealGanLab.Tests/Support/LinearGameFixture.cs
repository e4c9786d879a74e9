using System.Numerics;
using RealGanLab.Games;
using RealGanLab.Numerics;
using RealGanLab.Probes;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>A random non-symmetric linear game v = A·x of size 2,000 with its dense spectrum, shared by the probe tests.</summary>
public sealed class LinearGameFixture : IDisposable
{
    public const int Size = 2000;

    public LinearGameFixture()
    {
        (Matrix, Known) = RandomSpectrumMatrix.Create(Size, seed: 11, float64);
        Matrix = Matrix.DetachFromDisposeScope();
        Game = new LinearGame(Matrix, 11, CPU, float64);
        using var scope = NewDisposeScope();
        LapackEigenvalues = DenseEigen.Eigenvalues(Matrix);
        var jacobian = new FieldJacobian(() => Game.Evaluate(Game.SampleBatch(1, new Generator(1), 0), createGraph: true).Flat(), Game.Parameters);
        var dense = jacobian.Dense();
        DenseMaxDeviation = dense.sub(Matrix).abs().max().item<double>();
        DenseEigenvalues = DenseEigen.Eigenvalues(dense);
    }

    public Tensor Matrix { get; }
    public Complex[] Known { get; }
    public LinearGame Game { get; }

    /// <summary>eig(A) by LAPACK.</summary>
    public Complex[] LapackEigenvalues { get; }

    /// <summary>Eigenvalues of the dense Jacobian the probe assembled from 2,000 VJPs.</summary>
    public Complex[] DenseEigenvalues { get; }

    /// <summary>max |J_probe − A|.</summary>
    public double DenseMaxDeviation { get; }

    public void Dispose()
    {
        Game.Dispose();
        Matrix.Dispose();
    }
}
