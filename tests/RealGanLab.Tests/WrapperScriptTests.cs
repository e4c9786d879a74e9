namespace RealGanLab.Tests;

/// <summary>
/// The realganlab script at the repository root: runs the built program from any working directory, through its path
/// or a symlink on PATH, passing on the arguments, the working directory and the exit code; rebuilds when a source is
/// newer than the build and shows the build's errors when that fails. The tests run a copy of the script in a folder
/// laid out like a clone whose Release build is this test's own build output (so nothing is built).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class WrapperScriptTests
{
    /// <summary>A clone-like folder: the script at its root and bin/Release/net10.0 pointing at the built program.</summary>
    static string FakeClone()
    {
        var root = CliRunner.TempDirectory();
        var script = Path.Combine(root, "realganlab");
        File.Copy(Path.Combine(CliRunner.RepositoryRoot(), "realganlab"), script);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var release = Path.Combine(root, "src", "RealGanLab.Cli", "bin", "Release");
        Directory.CreateDirectory(release);
        Directory.CreateSymbolicLink(Path.Combine(release, "net10.0"), AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return root;
    }

    [BashFact]
    public void The_script_is_committed_executable()
    {
        var mode = File.GetUnixFileMode(Path.Combine(CliRunner.RepositoryRoot(), "realganlab"));
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute) && mode.HasFlag(UnixFileMode.OtherExecute), $"mode {mode}");
    }

    [BashFact]
    public void Run_by_its_path_from_another_folder_it_keeps_the_arguments_the_folder_and_the_exit_code()
    {
        var clone = FakeClone();
        var elsewhere = CliRunner.TempDirectory();
        var script = Path.Combine(clone, "realganlab");

        var help = WrapperScript.Run(elsewhere, script, null, "--help");
        Assert.True(help.ExitCode == 0, help.Output + help.Error);
        Assert.Contains("train", help.Output);
        Assert.DoesNotContain("building", help.Error);

        // A relative --config is read from the caller's folder: the working directory is passed on.
        File.WriteAllText(Path.Combine(elsewhere, "mine.json"), """{ "seed": 7, "game": { "name": "mlp" } }""");
        var config = WrapperScript.Run(elsewhere, script, null, "config", "--config", "mine.json");
        Assert.True(config.ExitCode == 0, config.Output + config.Error);
        Assert.Contains("\"seed\": 7", config.Output);

        var bad = WrapperScript.Run(elsewhere, script, null, "train", "--steps", "abc");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--steps: 'abc' is not a whole number", bad.Error);
        Directory.Delete(clone, recursive: true);
        Directory.Delete(elsewhere, recursive: true);
    }

    [BashFact]
    public void Run_through_a_symlink_on_PATH_it_finds_its_clone()
    {
        var clone = FakeClone();
        var elsewhere = CliRunner.TempDirectory();
        var bin = Directory.CreateDirectory(Path.Combine(elsewhere, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "realganlab"), Path.Combine(clone, "realganlab"));
        var path = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");

        var r = WrapperScript.Run(elsewhere, WrapperScript.Bash()!, new Dictionary<string, string> { ["PATH"] = path }, "-c", "realganlab config");
        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        Assert.Contains("\"name\": \"mlp\"", r.Output);
        Directory.Delete(clone, recursive: true);
        Directory.Delete(elsewhere, recursive: true);
    }

    [BashFact]
    public void A_source_newer_than_the_build_rebuilds_and_a_failed_build_shows_its_errors()
    {
        var clone = FakeClone();
        File.WriteAllText(Path.Combine(clone, "src", "Newer.cs"), "// newer than the build");
        var r = WrapperScript.Run(clone, Path.Combine(clone, "realganlab"), null, "info");
        // The fake clone has no project to build: the script says it is building, then shows the build's error.
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("building realganlab", r.Error);
        Assert.Contains("the build failed", r.Error);
        Assert.Contains("error", r.Error);
        Assert.Equal("", r.Output);
        Directory.Delete(clone, recursive: true);
    }
}
