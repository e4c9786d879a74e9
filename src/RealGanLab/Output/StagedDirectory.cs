using RealGanLab.Configuration;

namespace RealGanLab.Output;

/// <summary>
/// Writes a command's outputs into a hidden sibling folder and moves it into place only when everything
/// is written, so a failed or interrupted command leaves no half-written output directory. The staged folder is
/// marked as the tool's (<see cref="OwnershipMarker"/>) before anything else is written into it, and an existing
/// output directory is replaced only when it is marked the same way and holds nothing but the tool's files.
/// </summary>
public sealed class StagedDirectory : IDisposable
{
    readonly string kind;
    readonly Func<string, bool> isToolEntry;
    readonly string option;
    readonly string fix;
    bool committed;

    /// <param name="kind">The marker's kind (<see cref="OwnershipMarker.Field"/>, …).</param>
    /// <param name="isToolEntry">Whether an entry of an existing output directory is one the command writes.</param>
    /// <param name="option">The option that named the output directory, for refusals.</param>
    /// <param name="fix">What to do when an existing directory may not be replaced.</param>
    public StagedDirectory(string finalPath, string kind, Func<string, bool> isToolEntry, string option, string fix)
    {
        this.kind = kind;
        this.isToolEntry = isToolEntry;
        this.option = option;
        this.fix = fix;
        FinalPath = System.IO.Path.GetFullPath(finalPath);
        var parent = System.IO.Path.GetDirectoryName(FinalPath)!;
        Path = System.IO.Path.Combine(parent, $".{System.IO.Path.GetFileName(FinalPath)}.partial-{Environment.ProcessId}");
        // A staged folder left by a killed process whose pid this one now has; only ever one the tool marked.
        if (Directory.Exists(Path))
        {
            OwnershipMarker.EnsureReplaceable(Path, kind, _ => true, option, fix);
            Directory.Delete(Path, recursive: true);
        }
        OwnershipMarker.Claim(Path, kind, option);
    }

    /// <summary>Where to write now.</summary>
    public string Path { get; }

    /// <summary>Where the outputs end up.</summary>
    public string FinalPath { get; }

    /// <summary>Moves the staged folder into place, replacing an existing one that is the tool's (else a <see cref="BadInputException"/>, nothing deleted).</summary>
    public void Commit()
    {
        if (Directory.Exists(FinalPath))
        {
            OwnershipMarker.EnsureReplaceable(FinalPath, kind, isToolEntry, option, fix);
            Directory.Delete(FinalPath, recursive: true);
        }
        Directory.Move(Path, FinalPath);
        committed = true;
    }

    public void Dispose()
    {
        if (!committed && Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
