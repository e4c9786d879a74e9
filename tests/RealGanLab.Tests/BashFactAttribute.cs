namespace RealGanLab.Tests;

/// <summary>A fact that needs bash (the repository's realganlab wrapper script): skipped, not passed, where bash is missing.</summary>
public sealed class BashFactAttribute : FactAttribute
{
    public BashFactAttribute()
    {
        if (WrapperScript.Bash() is null) Skip = "bash is not installed, so the realganlab wrapper script cannot run here";
    }
}
