using RealGanLab.Classifiers;

namespace RealGanLab.Tests;

/// <summary>'realganlab classifier train' in a child process: an existing verified classifier is kept; missing MNIST data names the fetch command.</summary>
[NoGarbageCollection]
[Trait(TestTier.Category, TestTier.Slow)]
public class ClassifierCliTests
{
    [Fact]
    public void AnExistingVerifiedClassifierIsKept()
    {
        _ = TrainedClassifier.Value;
        var data = CliRunner.TempDirectory();
        var classifiers = Directory.CreateDirectory(Path.Combine(data, "classifiers")).FullName;
        foreach (var name in new[] { ClassifierStore.CheckpointName, ClassifierStore.InfoName })
            File.Copy(Path.Combine(TrainedClassifier.StoreDirectory, name), Path.Combine(classifiers, name));
        var before = File.GetLastWriteTimeUtc(Path.Combine(classifiers, ClassifierStore.CheckpointName));

        // No mnist/ in this data folder: a kept classifier needs no training data.
        var r = CliRunner.Run(data, new Dictionary<string, string> { ["REALGANLAB_DATA"] = data }, "classifier", "train", "--device", "cpu");
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        Assert.Contains("kept the verified classifier", r.Output);
        Assert.Contains("test accuracy", r.Output);
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(classifiers, ClassifierStore.CheckpointName)));
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public void WithoutMnistDataTheCommandNamesTheFetchCommand()
    {
        var data = CliRunner.TempDirectory();
        var r = CliRunner.Run(data, new Dictionary<string, string> { ["REALGANLAB_DATA"] = data }, "classifier", "train", "--device", "cpu");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("realganlab data fetch mnist", r.Error);
        Assert.False(Directory.Exists(Path.Combine(data, "classifiers")));
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public void ADamagedClassifierWithoutForceIsRefused()
    {
        var data = CliRunner.TempDirectory();
        var classifiers = Directory.CreateDirectory(Path.Combine(data, "classifiers")).FullName;
        File.WriteAllText(Path.Combine(classifiers, ClassifierStore.InfoName), "{ not json");
        File.WriteAllText(Path.Combine(classifiers, ClassifierStore.CheckpointName), "garbage");
        var r = CliRunner.Run(data, new Dictionary<string, string> { ["REALGANLAB_DATA"] = data }, "classifier", "train", "--device", "cpu");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(ClassifierStore.InfoName, r.Error);
        Assert.Contains(ClassifierStore.RetrainCommand, r.Error);
        Directory.Delete(data, recursive: true);
    }
}
