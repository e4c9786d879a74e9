namespace RealGanLab.Tests;

/// <summary>
/// The test tiers. Classes that train networks for seconds, run many child processes or need a tool of the machine
/// (Slurm, root, Chromium) carry <c>[Trait(TestTier.Category, TestTier.Slow)]</c>; quick CLI checks stay in the fast tier.
/// <c>dotnet test --no-build --filter "Category!=Slow"</c> runs the fast tier alone (about two minutes after a build on
/// 2 cores); the README's test command and CI run both.
/// </summary>
public static class TestTier
{
    public const string Category = "Category";
    public const string Slow = "Slow";
}
