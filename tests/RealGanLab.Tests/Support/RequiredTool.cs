namespace RealGanLab.Tests;

/// <summary>
/// Tests that need something of the machine (a running Slurm, root to mount a tmpfs, /dev/full, Chromium): where it is
/// missing they report <em>skipped</em> with the reason — never passed — and where CI set the test's REALGANLAB_REQUIRE_*
/// variable to 1 (it installs the tool), a missing tool fails the test instead. Use with <c>[SkippableFact]</c>.
/// </summary>
public static class RequiredTool
{
    /// <summary>Returns when <paramref name="available"/>; otherwise fails (required) or skips, naming <paramref name="reason"/>.</summary>
    public static void SkipUnless(bool available, string requireVariable, string reason)
    {
        if (available) return;
        if (Environment.GetEnvironmentVariable(requireVariable) == "1") Assert.Fail($"{requireVariable}=1 but {reason}");
        Skip.If(true, $"{reason} (set {requireVariable}=1 to make this a failure)");
    }
}
