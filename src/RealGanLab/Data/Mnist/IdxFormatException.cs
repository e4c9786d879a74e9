namespace RealGanLab.Data.Mnist;

/// <summary>An IDX file that is not what it must be (wrong magic number, wrong size, truncated); the message names the file and the fix.</summary>
public sealed class IdxFormatException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}
