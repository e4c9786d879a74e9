using RealGanLab.Data.Mnist;

namespace RealGanLab.Tests;

/// <summary>Where the image tests find MNIST (replaced by the fetch fixture once it lands).</summary>
public static class ImageTestData
{
    public static string MnistDirectory
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("REALGANLAB_DATA");
            if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "mnist", MnistFile.TrainImages.Name))) return Path.Combine(env, "mnist");
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RealGanLab.sln"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "data", "mnist");
        }
    }
}
