namespace RealGanLab.Checkpoints;

/// <summary>
/// A verified checkpoint does not have the section asked for, or the section does not fit the target
/// (another kind, a module with different tensors, another optimizer). The file itself is intact.
/// </summary>
public sealed class CheckpointSectionException : Exception
{
    public CheckpointSectionException(string path, string section, string message, Exception? inner = null)
        : base($"Checkpoint '{path}', section '{section}': {message}", inner)
    {
        Path = path;
        Section = section;
        Detail = message;
    }

    public string Path { get; }

    public string Section { get; }

    /// <summary>What is wrong with the section, without the file and section names.</summary>
    public string Detail { get; }
}
