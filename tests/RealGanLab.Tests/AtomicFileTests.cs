using RealGanLab.Output;
using RealGanLab.Training;

namespace RealGanLab.Tests;

/// <summary>The one atomic-write helper: the old file or the complete new one, never a torn one, and no temp file left.</summary>
public class AtomicFileTests
{
    [Fact]
    public void AFailedWriteLeavesTheOldFileAndNoTempFile()
    {
        var dir = CliRunner.TempDirectory();
        var path = Path.Combine(dir, "summary.json");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new"u8);
            throw new IOException("No space left on device");
        }));
        Assert.Throws<IOException>(() => AtomicFile.WriteThroughPath(Path.Combine(dir, "plot.png"), temp =>
        {
            File.WriteAllText(temp, "half a picture");
            throw new IOException("No space left on device");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["summary.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void AWriteReplacesTheFileAndCanKeepThePreviousOne()
    {
        var dir = CliRunner.TempDirectory();
        var path = Path.Combine(dir, "latest.ckpt");
        var previous = Path.Combine(dir, "previous.ckpt");
        AtomicFile.Write(path, stream => stream.Write("first"u8), keepPreviousAs: previous);
        Assert.False(File.Exists(previous));
        AtomicFile.Write(path, stream => stream.Write("second"u8), keepPreviousAs: previous);
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal("first", File.ReadAllText(previous));
        AtomicFile.WriteThroughPath(Path.Combine(dir, "plot.png"), temp =>
        {
            Assert.EndsWith(".png", temp);                  // libraries that pick the format by extension still can
            Assert.StartsWith(".plot.png.partial-", Path.GetFileName(temp));
            File.WriteAllText(temp, "a picture");
        });
        Assert.Equal("a picture", File.ReadAllText(Path.Combine(dir, "plot.png")));
        Assert.Equal(3, Directory.GetFiles(dir).Length);
    }

    [Theory]
    [InlineData("No space left on device : '/r/plots/.losses.png.partial-0123456789ab.png'", "/r/plots/losses.png")]
    [InlineData("No space left on device : '/r/.summary.json.partial-0123456789ab'", "/r/summary.json")]
    public void ATempFileOnAFullDiskIsReportedAsTheFileItStandsFor(string message, string expected) =>
        Assert.Equal(expected, RunWriteException.FileIn(new IOException(message)));
}
