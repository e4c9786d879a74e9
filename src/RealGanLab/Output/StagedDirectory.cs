namespace RealGanLab.Output;

/// <summary>
/// Writes a command's outputs into a hidden sibling folder and moves it into place only when everything
/// is written, so a failed or interrupted command leaves no half-written output directory.
/// </summary>
public sealed class StagedDirectory : IDisposable
{
    bool committed;

    public StagedDirectory(string finalPath)
    {
        FinalPath = System.IO.Path.GetFullPath(finalPath);
        var parent = System.IO.Path.GetDirectoryName(FinalPath)!;
        Directory.CreateDirectory(parent);
        Path = System.IO.Path.Combine(parent, $".{System.IO.Path.GetFileName(FinalPath)}.partial-{Environment.ProcessId}");
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        Directory.CreateDirectory(Path);
    }

    /// <summary>Where to write now.</summary>
    public string Path { get; }

    /// <summary>Where the outputs end up.</summary>
    public string FinalPath { get; }

    /// <summary>Moves the staged folder into place, replacing an existing one.</summary>
    public void Commit()
    {
        if (Directory.Exists(FinalPath)) Directory.Delete(FinalPath, recursive: true);
        Directory.Move(Path, FinalPath);
        committed = true;
    }

    public void Dispose()
    {
        if (!committed && Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
