namespace RealGanLab.Data.Mnist;

/// <summary>One MNIST file that is missing or not the original (see <see cref="MnistVerification"/>).</summary>
/// <param name="File">Which of the four files.</param>
/// <param name="Path">Where it was looked for.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Detail">The measured length or SHA-256 next to the expected one.</param>
public sealed record MnistProblem(MnistFile File, string Path, MnistProblemKind Kind, string Detail)
{
    /// <summary>One line naming the file and what is wrong with it, e.g. "data/mnist/t10k-labels-idx1-ubyte: wrong SHA-256 (...)".</summary>
    public string Message => $"{Path}: {Detail}";
}
