namespace RealGanLab.Data;

/// <summary>
/// Where datasets and the project's classifier live: <c>data/</c> under the working directory, or the folder
/// named by the environment variable REALGANLAB_DATA (so runs started elsewhere, and tests, share one copy).
/// </summary>
public static class DataPaths
{
    public const string EnvironmentVariable = "REALGANLAB_DATA";

    public static string Root =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } root ? root : "data";

    public static string Mnist => Path.Combine(Root, "mnist");

    public static string Classifiers => Path.Combine(Root, "classifiers");
}
