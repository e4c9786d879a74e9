namespace RealGanLab.Tests;

/// <summary>
/// The test tiers. Classes that start child processes, train networks for seconds or need a tool of the machine carry
/// <c>[Trait(TestTier.Category, TestTier.Slow)]</c>; <c>dotnet test --filter "Category!=Slow"</c> runs the fast tier alone
/// (about a minute on 2 cores); the README's test command and CI run both.
/// </summary>
public static class TestTier
{
    public const string Category = "Category";
    public const string Slow = "Slow";
}
