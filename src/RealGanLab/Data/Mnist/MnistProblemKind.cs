namespace RealGanLab.Data.Mnist;

/// <summary>What is wrong with one MNIST file on disk.</summary>
public enum MnistProblemKind
{
    /// <summary>The file is not there.</summary>
    Missing,

    /// <summary>The file has the wrong number of bytes: truncated by an interrupted copy, or a different file.</summary>
    WrongLength,

    /// <summary>The length is right but the SHA-256 is not: the bytes were changed.</summary>
    WrongChecksum,
}
