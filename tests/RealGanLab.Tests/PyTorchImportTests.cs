using System.Security.Cryptography;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Interop;
using RealGanLab.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// --init-from's loader (<see cref="PyTorchImport"/>, <see cref="TorchZipReader"/>) on state dicts in PyTorch's file
/// format, written here by TorchSharp.PyBridge (which torch.load reads: ExportCliTests), so these run without Python:
/// the weights arrive exactly, BatchNorm buffers included, in every accepted layout; every misfit is refused naming the
/// tensor, and a refused file changes nothing. Files written by PyTorch itself (its data-descriptor zip layout, a cut
/// inside a named tensor) are read in ExportCliTests where python3-torch is present.
/// </summary>
public class PyTorchImportTests
{
    const string Key = "--init-from";

    static ExperimentConfig Config(params string[] settings)
    {
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["generator:hiddenLayers"] = "2", ["generator:width"] = "16", ["generator:normalization"] = "batch",
            ["discriminator:hiddenLayers"] = "2", ["discriminator:width"] = "16", ["discriminator:pack"] = "2",
        };
        foreach (var pair in settings.Select(s => s.Split('=', 2))) overrides[pair[0]] = pair[1];
        return ConfigLoader.Load(null, overrides, useEnvironment: false, baseJson: [TrainDefaults.Json]);
    }

    static GanGame Game(params string[] settings) => (GanGame)GameHost.Create(Config(settings));

    /// <summary>Moves every BatchNorm buffer off its initial value, so a loader that skipped buffers would be caught.</summary>
    static void StirBuffers(GanGame game, int seed)
    {
        using var rng = new Generator((ulong)seed);
        using (no_grad())
            foreach (var (name, buffer) in game.GeneratorNetwork.named_buffers())
            {
                if (name.EndsWith("running_mean")) buffer.copy_(randn(buffer.shape, generator: rng) * 0.1);
                else if (name.EndsWith("running_var")) buffer.copy_(rand(buffer.shape, generator: rng) + 0.5);
                else if (name.EndsWith("num_batches_tracked")) buffer.fill_(seed);
            }
    }

    static string Save(GanGame game, string folder)
    {
        Directory.CreateDirectory(folder);
        using (var g = File.Create(Path.Combine(folder, PyTorchImport.GeneratorFile))) game.GeneratorNetwork.save_py(g);
        using (var d = File.Create(Path.Combine(folder, PyTorchImport.DiscriminatorFile))) game.DiscriminatorNetwork.save_py(d);
        return folder;
    }

    static Dictionary<string, Tensor> Snapshot(GanGame game) =>
        game.GeneratorNetwork.state_dict().Select(kv => ("generator." + kv.Key, kv.Value))
            .Concat(game.DiscriminatorNetwork.state_dict().Select(kv => ("discriminator." + kv.Key, kv.Value)))
            .ToDictionary(x => x.Item1, x => x.Item2.detach().clone());

    static void AssertSameState(Dictionary<string, Tensor> expected, GanGame game)
    {
        var actual = Snapshot(game);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, tensor) in expected)
            Assert.True(tensor.to(actual[name].dtype).equal(actual[name]).all().item<bool>(), $"{name} differs");
    }

    [Fact]
    public void WeightsSavedInPyTorchsFormatArriveExactlyWithTheirBatchNormBuffers()
    {
        var dir = CliRunner.TempDirectory();
        using var source = Game("seed=1");
        StirBuffers(source, 5);
        var folder = Save(source, Path.Combine(dir, "weights"));
        using var target = Game("seed=2");
        var before = Snapshot(target);
        var expected = Snapshot(source);
        Assert.NotEqual(before["generator.blocks.0.weight"].sum().item<float>(), expected["generator.blocks.0.weight"].sum().item<float>());

        var loaded = PyTorchImport.Load(folder, target, Key);

        AssertSameState(expected, target);
        Assert.Equal(6, target.GeneratorNetwork.named_buffers().Count());   // two BatchNorms: running mean, variance, batch count
        // The players compute the same function (G in eval mode: its running statistics are used).
        source.GeneratorNetwork.eval();
        target.GeneratorNetwork.eval();
        using var z = randn(64, 16, generator: new Generator(3));
        using var a = source.GeneratorNetwork.call(z);
        using var b = target.GeneratorNetwork.call(z);
        Assert.True(a.equal(b).all().item<bool>());
        using var da = source.DiscriminatorNetwork.call(a);
        using var db = target.DiscriminatorNetwork.call(b);
        Assert.True(da.equal(db).all().item<bool>());
        // The provenance: both files, each with its SHA-256.
        Assert.Equal([PyTorchImport.GeneratorFile, PyTorchImport.DiscriminatorFile], loaded.Files.Select(f => Path.GetFileName(f.File)));
        foreach (var (file, sha) in loaded.Files) Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), sha);
    }

    /// <summary>A module holding both players, as a PyTorch user would write: names "generator.…" and "discriminator.…".</summary>
    sealed class BothPlayers : nn.Module
    {
        public BothPlayers(GanGame game, Tensor? stray = null) : base("both")
        {
            register_module("generator", game.GeneratorNetwork);
            register_module("discriminator", game.DiscriminatorNetwork);
            if (stray is not null) register_buffer("step", stray);
        }
    }

    [Fact]
    public void OneFileWithBothPlayersLoadsAndAStrayTensorIsNamed()
    {
        var dir = CliRunner.TempDirectory();
        using var source = Game("seed=1");
        StirBuffers(source, 9);
        var file = Path.Combine(dir, "both.pt");
        using (var stream = File.Create(file)) new BothPlayers(source).save_py(stream);
        using var target = Game("seed=2");
        PyTorchImport.Load(file, target, Key);
        AssertSameState(Snapshot(source), target);

        var stray = Path.Combine(dir, "stray.pt");
        using (var stream = File.Create(stray)) new BothPlayers(source, tensor(new long[] { 5 })).save_py(stream);
        using var untouched = Game("seed=3");
        var before = Snapshot(untouched);
        var e = Assert.Throws<BadInputException>(() => PyTorchImport.Load(stray, untouched, Key));
        Assert.Contains("'step'", e.Message);
        AssertSameState(before, untouched);
    }

    [Fact]
    public void Float64WeightsLoadIntoAFloat32RunAndFloat32IntoAFloat64Run()
    {
        var dir = CliRunner.TempDirectory();
        using var wide = Game("seed=1", "dtype=float64");
        var folder64 = Save(wide, Path.Combine(dir, "w64"));
        using var narrow = Game("seed=2");
        PyTorchImport.Load(folder64, narrow, Key);
        var w64 = wide.GeneratorNetwork.state_dict()["blocks.0.weight"];
        var w32 = narrow.GeneratorNetwork.state_dict()["blocks.0.weight"];
        Assert.Equal(ScalarType.Float32, w32.dtype);
        Assert.True(w64.to(float32).equal(w32).all().item<bool>());

        var folder32 = Save(narrow, Path.Combine(dir, "w32"));
        using var back = Game("seed=3", "dtype=float64");
        PyTorchImport.Load(folder32, back, Key);
        Assert.True(back.GeneratorNetwork.state_dict()["blocks.0.weight"].equal(w32.to(float64)).all().item<bool>());
    }

    [Fact]
    public void AnotherArchitectureIsRefusedNamingEachTensorAndChangesNothing()
    {
        var dir = CliRunner.TempDirectory();
        using var other = Game("seed=1", "generator:width=8", "discriminator:normalization=layer");
        var folder = Save(other, Path.Combine(dir, "w"));
        using var target = Game("seed=2");
        var before = Snapshot(target);
        var e = Assert.Throws<BadInputException>(() => PyTorchImport.Load(folder, target, Key));
        var messages = e.Issues.Select(i => i.Message).ToList();
        Assert.All(e.Issues, i => Assert.Equal(Key, i.Key));
        Assert.Contains("generator: tensor 'blocks.0.weight' is [8, 16] in generator.pt; the config's generator has [16, 16].", messages);
        Assert.Contains("generator: tensor 'blocks.1.running_mean' is [8] in generator.pt; the config's generator has [16].", messages);
        // D: a LayerNorm after each hidden Linear moves the indices — tensors of another shape, and ones the config's D lacks.
        Assert.Contains("discriminator: tensor 'network.blocks.1.weight' is [16] in discriminator.pt; the config's discriminator has [16, 16].", messages);
        Assert.Contains("discriminator: discriminator.pt has tensor 'network.blocks.4.weight' [1, 16], which the config's discriminator does not have.", messages);
        Assert.Contains(messages, m => m.Contains("give the config the saved networks were made with"));
        AssertSameState(before, target);
    }

    [Fact]
    public void AnotherDtypeOrNonFiniteValuesAreRefusedNamingTheTensor()
    {
        var dir = CliRunner.TempDirectory();
        using var target = Game("seed=2");
        var before = Snapshot(target);
        using var half = Game("seed=1");
        half.GeneratorNetwork.to(float16);
        var e = Assert.Throws<BadInputException>(() => PyTorchImport.Load(Save(half, Path.Combine(dir, "half")), target, Key));
        Assert.Contains(e.Issues, i => i.Message == "generator: tensor 'blocks.0.weight' is Float16 in generator.pt; RealGanLab reads float32 or float64 weights (convert with network.float() before saving).");
        Assert.DoesNotContain(e.Issues, i => i.Message.Contains("discriminator"));

        using var poisoned = Game("seed=1");
        using (no_grad()) poisoned.DiscriminatorNetwork.state_dict()["network.blocks.1.bias"][3] = double.NaN;
        var nan = Assert.Throws<BadInputException>(() => PyTorchImport.Load(Save(poisoned, Path.Combine(dir, "nan")), target, Key));
        Assert.Equal("discriminator: tensor 'network.blocks.1.bias' in discriminator.pt holds 1 values that are not finite (NaN or ±inf).", Assert.Single(nan.Issues).Message);
        AssertSameState(before, target);
    }

    [Fact]
    public void DamagedTruncatedAndForeignFilesAreRefusedAndChangeNothing()
    {
        var dir = CliRunner.TempDirectory();
        using var source = Game("seed=1");
        var good = Save(source, Path.Combine(dir, "good"));
        var bytes = File.ReadAllBytes(Path.Combine(good, PyTorchImport.GeneratorFile));
        using var target = Game("seed=2");
        var before = Snapshot(target);

        string Refused(string name, Action<string> damage)
        {
            var folder = Path.Combine(dir, name);
            Directory.CreateDirectory(folder);
            File.Copy(Path.Combine(good, PyTorchImport.DiscriminatorFile), Path.Combine(folder, PyTorchImport.DiscriminatorFile));
            damage(Path.Combine(folder, PyTorchImport.GeneratorFile));
            var e = Assert.Throws<BadInputException>(() => PyTorchImport.Load(folder, target, Key));
            AssertSameState(before, target);
            return e.Message;
        }

        // One byte flipped inside the bytes of storage data/2 (a tensor's weights): the CRC-32 check names the tensor.
        var corrupt = Refused("corrupt", path =>
        {
            var copy = (byte[])bytes.Clone();
            copy[ZipEntries.DataStart(copy, "data/2") + 3] ^= 0xFF;
            File.WriteAllBytes(path, copy);
        });
        Assert.Matches("the bytes of tensor 'blocks\\.[0-9.a-z_]+' \\(entry [a-z]+/data/2\\) (fail the archive's CRC-32 check|cannot be read)", corrupt);
        var cut = Refused("truncated", path => File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]));
        Assert.True(cut.Contains("is truncated"), cut);
        var foreign = Refused("foreign", path => File.WriteAllText(path, "{\"weights\": [1, 2, 3]}"));
        Assert.True(foreign.Contains("not a torch.save file"), foreign);
        Assert.Contains("has no discriminator.pt", Assert.Throws<BadInputException>(() =>
        {
            var folder = Path.Combine(dir, "half-folder");
            Directory.CreateDirectory(folder);
            File.Copy(Path.Combine(good, PyTorchImport.GeneratorFile), Path.Combine(folder, PyTorchImport.GeneratorFile));
            PyTorchImport.Load(folder, target, Key);
        }).Message);
        Assert.Contains("does not exist", Assert.Throws<BadInputException>(() => PyTorchImport.Load(Path.Combine(dir, "nowhere.pt"), target, Key)).Message);
        AssertSameState(before, target);
    }

    [Fact]
    public void APickledDictThatHoldsItselfIsRefusedNotFollowed()
    {
        var dir = CliRunner.TempDirectory();
        var file = Path.Combine(dir, "itself.pt");
        // Protocol 2: an empty dict memoised as 0, then d["x"] = memo[0] (what pickle writes for d = {}; d["x"] = d).
        byte[] pickle = [0x80, 0x02, (byte)'}', (byte)'q', 0, (byte)'(', (byte)'X', 1, 0, 0, 0, (byte)'x', (byte)'h', 0, (byte)'u', (byte)'.'];
        using (var zip = new System.IO.Compression.ZipArchive(File.Create(file), System.IO.Compression.ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("archive/data.pkl").Open())
            entry.Write(pickle);
        using var target = Game("seed=2");
        var before = Snapshot(target);
        var e = Assert.Throws<BadInputException>(() => PyTorchImport.Load(file, target, Key));
        Assert.Contains("the dict at 'x' contains itself", e.Message);
        AssertSameState(before, target);
    }

    [Fact]
    public void SpectrallyNormalisedNetworksLoadWithTheirPowerIterationVectors()
    {
        var dir = CliRunner.TempDirectory();
        string[] sn = ["discriminator:spectralNorm=true", "generator:spectralNorm=true"];
        using var source = Game(["seed=1", .. sn]);
        var folder = Save(source, Path.Combine(dir, "w"));
        using var target = Game(["seed=2", .. sn]);
        PyTorchImport.Load(folder, target, Key);
        var expected = Snapshot(source);
        Assert.Contains("discriminator.network.blocks.0.u", expected.Keys);
        AssertSameState(expected, target);

        // A vanishing power-iteration vector would make σ = uᵀWv = 0.
        using (no_grad()) source.GeneratorNetwork.state_dict()["blocks.2.v"].zero_();
        var zero = Assert.Throws<BadInputException>(() => PyTorchImport.Load(Save(source, Path.Combine(dir, "zero")), target, Key));
        Assert.Contains("generator: tensor 'blocks.2.v' in generator.pt is all zeros", Assert.Single(zero.Issues).Message);
        AssertSameState(expected, target);

        // Into a config without spectral normalization: each layer's weight is missing under its plain name.
        using var plain = Game("seed=3");
        var e = Assert.Throws<BadInputException>(() => PyTorchImport.Load(folder, plain, Key));
        Assert.Contains(e.Issues, i => i.Message == "discriminator: tensor 'network.blocks.0.weight' [16, 4] is missing from discriminator.pt.");
        Assert.Contains(e.Issues, i => i.Message == "discriminator: discriminator.pt has tensor 'network.blocks.0.u' [16], which the config's discriminator does not have.");
    }
}
