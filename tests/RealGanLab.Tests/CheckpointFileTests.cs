using RealGanLab.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Checkpoint files: damaged ones are rejected with <see cref="CheckpointCorruptException"/> naming the file, a good
/// file is never replaced with a partial one, and <see cref="CheckpointStore.FindLatest"/> falls back past damaged files.
/// </summary>
public sealed class CheckpointFileTests : IDisposable
{
    readonly string directory = CliRunner.TempDirectory();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    string PathOf(string name) => Path.Combine(directory, name);

    // ---- damaged files ----

    string ValidFile(string name = "c.ckpt")
    {
        using var noise = randn(256);
        var path = PathOf(name);
        new CheckpointWriter().AddJson("trainer", """{"step": 10}""").AddTensor("noise", noise).Save(path);
        return path;
    }

    [Theory]
    [InlineData("half", CheckpointProblem.Truncated)]
    [InlineData("last-byte", CheckpointProblem.Truncated)]
    [InlineData("empty", CheckpointProblem.Truncated)]
    [InlineData("flip", CheckpointProblem.ChecksumMismatch)]
    [InlineData("flip-trailer", CheckpointProblem.ChecksumMismatch)]
    [InlineData("magic", CheckpointProblem.BadMagic)]
    [InlineData("appended", CheckpointProblem.Malformed)]
    public void DamagedFileGivesCorruptExceptionNamingTheFile(string damage, CheckpointProblem expected)
    {
        var path = ValidFile();
        Assert.Equal(2, CheckpointReader.Open(path).Sections.Count);

        var bytes = File.ReadAllBytes(path);
        bytes = damage switch
        {
            "half" => bytes[..(bytes.Length / 2)],
            "last-byte" => bytes[..^1],
            "empty" => [],
            "flip" => Flip(bytes, bytes.Length / 2),
            "flip-trailer" => Flip(bytes, bytes.Length - 1),
            "magic" => [.. "NOTACKPT"u8, .. bytes[8..]],
            "appended" => [.. bytes, 0],
            _ => throw new ArgumentException(damage),
        };
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<CheckpointCorruptException>(() => CheckpointReader.Open(path));
        Assert.Equal(expected, e.Problem);
        Assert.Equal(path, e.Path);
        Assert.Contains(path, e.Message);
    }

    static byte[] Flip(byte[] bytes, int index)
    {
        bytes[index] ^= 0x10;
        return bytes;
    }

    [Fact]
    public void FailedWriteLeavesThePreviousFileAndNoTempFile()
    {
        var path = ValidFile("latest.ckpt");
        var original = File.ReadAllBytes(path);

        var e = Assert.Throws<IOException>(() => Output.AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[4096]);
            throw new IOException("disk full (simulated)");
        }));
        Assert.Contains("simulated", e.Message);

        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal(["latest.ckpt"], Directory.GetFiles(directory).Select(Path.GetFileName));
        Assert.Equal("""{"step": 10}""", CheckpointReader.Open(path).ReadJson("trainer"));
    }

    [Fact]
    public void TempFileLeftByAKilledWriterIsIgnored()
    {
        var store = new CheckpointStore(directory);
        store.SaveLatest(new CheckpointWriter().AddJson("trainer", """{"step": 1}"""));
        var next = PathOf("next.ckpt");
        new CheckpointWriter().AddJson("trainer", """{"step": 2}""").Save(next);
        var partial = File.ReadAllBytes(next);
        File.Delete(next);
        File.WriteAllBytes(PathOf(".latest.ckpt.partial-0123456789ab"), partial[..(partial.Length / 2)]);

        Assert.Equal([store.LatestPath], store.List().Select(c => c.Path));
        var found = store.FindLatest();
        Assert.Equal(store.LatestPath, found.Path);
        Assert.Empty(found.Warnings);
        Assert.Equal("""{"step": 1}""", found.Reader!.ReadJson("trainer"));
    }

    // ---- the checkpoints folder ----

    static CheckpointWriter StepWriter(long step) => new CheckpointWriter().AddJson("trainer", $$"""{"step": {{step}}}""");

    [Fact]
    public void NumberedCheckpointsAreZeroPaddedAndPrunedToKeep()
    {
        Assert.Equal("step_000001500.ckpt", CheckpointStore.NumberedName(1500));

        var store = new CheckpointStore(PathOf("checkpoints"), keepNumbered: 2);
        foreach (var step in new long[] { 100, 200, 300 }) store.SaveNumbered(StepWriter(step), step);
        Assert.Equal([200L, 300L], store.List().Select(e => e.Step!.Value));
        Assert.Equal(["step_000000200.ckpt", "step_000000300.ckpt"], store.List().Select(e => Path.GetFileName(e.Path)));

        // Resumed from an older checkpoint: its new save is kept even though its step is the lowest.
        store.SaveNumbered(StepWriter(150), 150);
        Assert.Equal([150L, 300L], store.List().Select(e => e.Step!.Value));

        var keepAll = new CheckpointStore(PathOf("all"));
        foreach (var step in new long[] { 5, 1000, 20 }) keepAll.SaveNumbered(StepWriter(step), step);
        keepAll.SaveLatest(StepWriter(1000));
        Assert.Equal([5L, 20L, 1000L, null], keepAll.List().Select(e => e.Step));
    }

    [Fact]
    public void FindLatestFallsBackPastCorruptFilesWithWarnings()
    {
        var store = new CheckpointStore(PathOf("checkpoints"));
        Assert.False(store.FindLatest().Found);

        store.SaveNumbered(StepWriter(1000), 1000);
        store.SaveNumbered(StepWriter(2000), 2000);
        store.SaveLatest(StepWriter(2500));

        var intact = store.FindLatest();
        Assert.Equal(store.LatestPath, intact.Path);
        Assert.Empty(intact.Warnings);

        var bytes = File.ReadAllBytes(store.LatestPath);
        File.WriteAllBytes(store.LatestPath, Flip(bytes, bytes.Length / 2));
        var fallback = store.FindLatest();
        Assert.Equal(Path.Combine(store.Directory, "step_000002000.ckpt"), fallback.Path);
        Assert.Equal("""{"step": 2000}""", fallback.Reader!.ReadJson("trainer"));
        var warning = Assert.Single(fallback.Warnings);
        Assert.Contains(store.LatestPath, warning);
        Assert.Contains("checksum mismatch", warning);

        var step2000 = Path.Combine(store.Directory, "step_000002000.ckpt");
        File.WriteAllBytes(step2000, File.ReadAllBytes(step2000)[..20]);
        var older = store.FindLatest();
        Assert.Equal(Path.Combine(store.Directory, "step_000001000.ckpt"), older.Path);
        Assert.Equal(2, older.Warnings.Count);
        Assert.Contains(step2000, older.Warnings[1]);
        Assert.Contains("truncated", older.Warnings[1]);

        File.WriteAllBytes(Path.Combine(store.Directory, "step_000001000.ckpt"), [1, 2, 3]);
        var none = store.FindLatest();
        Assert.False(none.Found);
        Assert.Null(none.Path);
        Assert.Equal(3, none.Warnings.Count);
    }

    // ---- previous.ckpt: a fallback for a damaged latest.ckpt before any numbered checkpoint exists ----

    static long StepIn(CheckpointSearch search) => System.Text.Json.Nodes.JsonNode.Parse(search.Reader!.ReadJson("trainer"))!["step"]!.GetValue<long>();

    [Fact]
    public void SaveLatestKeepsThePreviousOneAndACorruptLatestFallsBackToIt()
    {
        var store = new CheckpointStore(PathOf("checkpoints"));
        store.SaveLatest(StepWriter(1));
        Assert.False(File.Exists(store.PreviousPath));
        store.SaveLatest(StepWriter(2));
        store.SaveLatest(StepWriter(3));
        Assert.Equal(3, StepIn(store.FindLatest()));
        Assert.Equal("""{"step": 2}""", CheckpointReader.Open(store.PreviousPath).ReadJson("trainer"));
        // previous.ckpt is a fallback copy, not one of the checkpoints a user lists or probes.
        Assert.Equal([store.LatestPath], store.List().Select(e => e.Path));

        var bytes = File.ReadAllBytes(store.LatestPath);
        File.WriteAllBytes(store.LatestPath, Flip(bytes, bytes.Length / 2));
        var fallback = store.FindLatest();
        Assert.Equal(store.PreviousPath, fallback.Path);
        Assert.Equal(2, StepIn(fallback));
        var warning = Assert.Single(fallback.Warnings);
        Assert.Contains(store.LatestPath, warning);
        Assert.Contains("checksum mismatch", warning);
    }

    [Fact]
    public void ADamagedLatestIsReplacedWithoutPushingOutAGoodPrevious()
    {
        var first = new CheckpointStore(PathOf("checkpoints"));
        first.SaveLatest(StepWriter(100));
        first.SaveLatest(StepWriter(200));
        File.WriteAllBytes(first.LatestPath, File.ReadAllBytes(first.LatestPath)[..40]);

        // A resumed process: it restored previous.ckpt (step 100) and saves at 150, then at 200.
        var resumed = new CheckpointStore(PathOf("checkpoints"));
        Assert.Equal(100, StepIn(resumed.FindLatest()));
        resumed.SaveLatest(StepWriter(150));
        Assert.Equal("""{"step": 100}""", CheckpointReader.Open(resumed.PreviousPath).ReadJson("trainer"));
        resumed.SaveLatest(StepWriter(200));
        Assert.Equal("""{"step": 150}""", CheckpointReader.Open(resumed.PreviousPath).ReadJson("trainer"));
        Assert.Equal(200, StepIn(resumed.FindLatest()));
    }

    [Fact]
    public void ACrashBetweenTheTwoRenamesLeavesPreviousReadable()
    {
        var store = new CheckpointStore(PathOf("checkpoints"));
        store.SaveLatest(StepWriter(10));
        store.SaveLatest(StepWriter(20));
        // The state after "latest → previous" and before "temp → latest": no latest.ckpt, a complete hidden temp.
        File.Move(store.LatestPath, store.PreviousPath, overwrite: true);
        StepWriter(30).Save(Path.Combine(store.Directory, ".latest.ckpt.partial-0123456789ab"));

        var found = new CheckpointStore(store.Directory).FindLatest();
        Assert.Equal(store.PreviousPath, found.Path);
        Assert.Equal(20, StepIn(found));
        Assert.Empty(found.Warnings);

        var next = new CheckpointStore(store.Directory);
        next.SaveLatest(StepWriter(30));
        Assert.Equal("""{"step": 20}""", CheckpointReader.Open(next.PreviousPath).ReadJson("trainer"));
    }

    [Fact]
    public void AFailedRotatingWriteRenamesNothingAndLeavesNoTempFile()
    {
        var store = new CheckpointStore(directory);
        store.SaveLatest(StepWriter(1));
        store.SaveLatest(StepWriter(2));
        var latest = File.ReadAllBytes(store.LatestPath);
        var previous = File.ReadAllBytes(store.PreviousPath);

        Assert.Throws<IOException>(() => Output.AtomicFile.Write(store.LatestPath, stream =>
        {
            stream.Write(new byte[100_000]);
            throw new IOException("No space left on device (simulated)");
        }, keepPreviousAs: store.PreviousPath));

        Assert.Equal(latest, File.ReadAllBytes(store.LatestPath));
        Assert.Equal(previous, File.ReadAllBytes(store.PreviousPath));
        Assert.Equal(["latest.ckpt", "previous.ckpt"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
    }
}
