using RealGanLab.Data.Mnist;

namespace RealGanLab.Tests;

/// <summary>Where the image tests find MNIST (replaced by the fetch fixture once it lands).</summary>
public static class ImageTestData
{
    public static string MnistDirectory
    {
        get
        {
            var env = System.Environment.GetEnvironmentVariable("REALGANLAB_DATA");
            if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "mnist", MnistFile.TrainImages.Name))) return Path.Combine(env, "mnist");
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RealGanLab.sln"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "data", "mnist");
        }
    }

    /// <summary>Environment for child processes: REALGANLAB_DATA = the folder holding mnist/.</summary>
    public static IDictionary<string, string> Environment() =>
        new Dictionary<string, string> { ["REALGANLAB_DATA"] = Path.GetDirectoryName(MnistDirectory)! };

    /// <summary>Points REALGANLAB_DATA at the folder holding <see cref="MnistDirectory"/> until disposed (library code reads it).</summary>
    public static IDisposable UseRepositoryData()
    {
        var previous = System.Environment.GetEnvironmentVariable("REALGANLAB_DATA");
        System.Environment.SetEnvironmentVariable("REALGANLAB_DATA", Path.GetDirectoryName(MnistDirectory));
        return new Restore(() => System.Environment.SetEnvironmentVariable("REALGANLAB_DATA", previous));
    }

    sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
