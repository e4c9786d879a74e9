namespace RealGanLab.Tests;

/// <summary>MNIST for the image-game tests: the verified copy of <see cref="MnistTestData"/> (fetched once if missing).</summary>
public static class ImageTestData
{
    /// <summary>
    /// Environment for child processes: REALGANLAB_DATA = the folder holding mnist/, where the project's classifier and
    /// its cached statistics are made ready first (a child training the classifier itself would outlast its timeout).
    /// </summary>
    public static IDictionary<string, string> Environment()
    {
        _ = TrainedClassifier.Evaluator;
        return new Dictionary<string, string> { ["REALGANLAB_DATA"] = Path.GetDirectoryName(MnistTestData.Directory)! };
    }

    /// <summary>Points REALGANLAB_DATA at the folder holding <see cref="MnistTestData.Directory"/> until disposed (library code reads it).</summary>
    public static IDisposable UseRepositoryData()
    {
        var previous = System.Environment.GetEnvironmentVariable("REALGANLAB_DATA");
        System.Environment.SetEnvironmentVariable("REALGANLAB_DATA", Path.GetDirectoryName(MnistTestData.Directory));
        return new Restore(() => System.Environment.SetEnvironmentVariable("REALGANLAB_DATA", previous));
    }

    sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
