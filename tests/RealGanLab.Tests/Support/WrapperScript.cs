namespace RealGanLab.Tests;

/// <summary>Runs the repository's realganlab wrapper script in a child process.</summary>
public static class WrapperScript
{
    /// <summary>The bash on PATH, or null.</summary>
    public static string? Bash() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "bash")).FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="program"/> (a script, or bash with -c) in <paramref name="workingDirectory"/>.</summary>
    public static CliRunner.Result Run(string workingDirectory, string program, IDictionary<string, string>? environment, params string[] args) =>
        CliRunner.RunExecutable(program, workingDirectory, environment, args);
}
