namespace RealGanLab.Data.Mnist;

/// <summary>The MNIST files are not where they are looked for; the message names the folder, the missing files and the command that fetches them.</summary>
public sealed class MnistNotFoundException(string directory, IReadOnlyList<string> missing)
    : Exception($"MNIST not found in '{Path.GetFullPath(directory)}' (missing: {string.Join(", ", missing)}). " +
                $"Run `{FetchCommand}`, or set {DataPaths.EnvironmentVariable} to a folder whose mnist/ holds the four IDX files.")
{
    public const string FetchCommand = "realganlab data fetch mnist";

    public string Directory { get; } = directory;

    public IReadOnlyList<string> Missing { get; } = missing;

    /// <summary>Throws when any of the four IDX files is absent from <paramref name="directory"/>.</summary>
    public static void ThrowIfMissing(string directory)
    {
        var missing = MnistFile.All.Where(f => !File.Exists(Path.Combine(directory, f.Name))).Select(f => f.Name).ToList();
        if (missing.Count > 0) throw new MnistNotFoundException(directory, missing);
    }
}
