using System.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Probes;

/// <summary>Eigen-decompositions of small dense matrices through torch.linalg (float64, CPU).</summary>
public static class DenseEigen
{
    /// <summary>All eigenvalues of a square matrix.</summary>
    public static Complex[] Eigenvalues(Tensor matrix)
    {
        using var scope = NewDisposeScope();
        var values = linalg.eigvals(matrix.detach().to(float64).cpu());
        return ToComplex(values);
    }

    /// <summary>Eigenvalues and right eigenvectors (columns) of a square matrix given as a 2-D array.</summary>
    public static (Complex[] Values, Complex[,] Vectors) Decompose(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        using var scope = NewDisposeScope();
        var flat = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) flat[i * n + j] = matrix[i, j];
        var (values, vectors) = linalg.eig(tensor(flat, dtype: float64).reshape(n, n));
        var re = vectors.real.contiguous().data<double>().ToArray();
        var im = vectors.imag.contiguous().data<double>().ToArray();
        var result = new Complex[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) result[i, j] = new Complex(re[i * n + j], im[i * n + j]);
        return (ToComplex(values), result);
    }

    static Complex[] ToComplex(Tensor values)
    {
        var re = values.real.contiguous().data<double>().ToArray();
        var im = values.imag.contiguous().data<double>().ToArray();
        return re.Select((r, i) => new Complex(r, im[i])).ToArray();
    }
}
