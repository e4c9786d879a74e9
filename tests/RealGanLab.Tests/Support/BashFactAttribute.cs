namespace RealGanLab.Tests;

/// <summary>A fact that needs bash (the repository's realganlab wrapper script): skipped, not passed, where bash is missing or on Windows.</summary>
public sealed class BashFactAttribute : FactAttribute
{
    public BashFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "the realganlab wrapper script is for Unix shells";
        else if (WrapperScript.Bash() is null) Skip = "bash is not installed, so the realganlab wrapper script cannot run here";
    }
}
