namespace RealGanLab.Tests;

/// <summary>A fact that runs a bench script with python3 (and bash): skipped, not passed, where either is missing or on Windows.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "the bench scripts are for Unix shells";
        else if (Python3() is null) Skip = "python3 is not installed";
        else if (WrapperScript.Bash() is null) Skip = "bash is not installed";
    }

    /// <summary>The python3 on PATH, or null.</summary>
    public static string? Python3() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "python3")).FirstOrDefault(File.Exists);
}
