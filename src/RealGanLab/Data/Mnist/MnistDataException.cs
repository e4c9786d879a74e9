namespace RealGanLab.Data.Mnist;

/// <summary>
/// MNIST could not be made available: a file is missing or corrupt, or the download failed. The message names the
/// file (or the download) and says exactly how to fix it; <see cref="IsNetworkFailure"/> tells a bad file
/// (the user's input, exit code 2) from a failed download (exit code 1).
/// </summary>
public sealed class MnistDataException(string message, string? path = null, bool isNetworkFailure = false, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The file the problem is about, when there is one.</summary>
    public string? Path { get; } = path;

    /// <summary>True when the registry could not be reached or the download broke off.</summary>
    public bool IsNetworkFailure { get; } = isNetworkFailure;
}
