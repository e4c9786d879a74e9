using RealGanLab.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Checkpoints restore training state bit for bit (modules, optimizers, RNGs, tensors) and refuse a section of another
/// kind, shape or type; damaged files and the store's rotation are <see cref="CheckpointFileTests"/>.
/// </summary>
public sealed class CheckpointTests : IDisposable
{
    readonly string directory = CliRunner.TempDirectory();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    string PathOf(string name) => Path.Combine(directory, name);

    // ---- state round trips ----

    static nn.Module<Tensor, Tensor> Net(int seed, ScalarType dtype, int hidden = 8)
    {
        manual_seed(seed);
        var net = nn.Sequential(nn.Linear(3, hidden), nn.ReLU(), nn.Linear(hidden, 2));
        return dtype == ScalarType.Float32 ? net : net.to(dtype);
    }

    static optim.Optimizer Optimizer(string name, IEnumerable<Parameter> parameters) => name switch
    {
        "sgd" => optim.SGD(parameters, 0.05, momentum: 0.9),
        // As OptimizerFactory builds it: negative β through the group options.
        "sgd-negative" => new SGD([new SGD.ParamGroup(parameters, new SGD.Options { LearningRate = 0.05, momentum = -0.5 })], 0.05),
        "adam" => optim.Adam(parameters, 0.01, 0.5, 0.999),
        "rmsprop" => optim.RMSProp(parameters, 0.01, momentum: 0.3),
        _ => throw new ArgumentException(name),
    };

    static void Train(nn.Module<Tensor, Tensor> net, optim.Optimizer optimizer, Tensor x, Tensor y, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.mse_loss(net.call(x), y).backward();
            optimizer.step();
        }
    }

    static List<byte[]> Bits(nn.Module net) => net.parameters().Select(p => TensorBits(p)).ToList();

    static byte[] TensorBits(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().cpu().contiguous().bytes.ToArray();
    }

    static bool Same(List<byte[]> a, List<byte[]> b) => a.Count == b.Count && a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    [Theory]
    [InlineData("adam", ScalarType.Float32)]
    [InlineData("adam", ScalarType.Float64)]
    [InlineData("sgd", ScalarType.Float32)]
    [InlineData("sgd", ScalarType.Float64)]
    [InlineData("sgd-negative", ScalarType.Float64)]
    [InlineData("rmsprop", ScalarType.Float32)]
    public void ModuleAndOptimizerRoundTripSoTheNextStepIsBitwiseTheUninterruptedOne(string optimizerName, ScalarType dtype)
    {
        var data = new Generator(5);
        using var x = randn(new long[] { 16, 3 }, dtype: dtype, generator: data);
        using var y = randn(new long[] { 16, 2 }, dtype: dtype, generator: data);
        var path = PathOf("run.ckpt");

        using var a = Net(1, dtype);
        using var optA = Optimizer(optimizerName, a.parameters());
        Train(a, optA, x, y, 3);
        new CheckpointWriter().AddModule("net", a).AddOptimizer("opt", optA).Save(path);
        var saved = Bits(a);
        Train(a, optA, x, y, 1);
        var uninterrupted = Bits(a);

        using var b = Net(2, dtype);
        using var optB = Optimizer(optimizerName, b.parameters());
        Assert.False(Same(saved, Bits(b)));
        var reader = CheckpointReader.Open(path);
        reader.LoadModule("net", b);
        reader.LoadOptimizer("opt", optB);
        Assert.True(Same(saved, Bits(b)), "parameters after loading differ from the saved ones");
        Train(b, optB, x, y, 1);
        Assert.True(Same(uninterrupted, Bits(b)), "the step after loading differs from the uninterrupted run");

        // Control: the same parameters with a fresh optimizer state take a different step, so the equality
        // above really depends on the restored optimizer state.
        using var c = Net(3, dtype);
        using var optC = Optimizer(optimizerName, c.parameters());
        reader.LoadModule("net", c);
        Train(c, optC, x, y, 1);
        Assert.False(Same(uninterrupted, Bits(c)));
    }

    [Fact]
    public void AdamStepCountAndMomentsAreRestoredExactly()
    {
        using var x = randn(8, 3);
        using var y = randn(8, 2);
        using var a = Net(1, ScalarType.Float32);
        using var optA = optim.Adam(a.parameters(), 0.01);
        Train(a, optA, x, y, 3);
        var stateA = (Adam.State)optA.state_dict().State[0];
        new CheckpointWriter().AddOptimizer("opt", optA).Save(PathOf("a.ckpt"));

        using var b = Net(1, ScalarType.Float32);
        using var optB = optim.Adam(b.parameters(), 0.01);
        var stateB = (Adam.State)optB.state_dict().State[0];
        Assert.Equal(0, stateB.step);
        CheckpointReader.Open(PathOf("a.ckpt")).LoadOptimizer("opt", optB);
        Assert.Equal(3, stateB.step);
        Assert.Equal(TensorBits(stateA.exp_avg), TensorBits(stateB.exp_avg));
        Assert.Equal(TensorBits(stateA.exp_avg_sq), TensorBits(stateB.exp_avg_sq));
    }

    [Fact]
    public void SgdMomentumBufferIsRestoredWithTheParametersDtype()
    {
        using var x = randn(new long[] { 8, 3 }, dtype: float64);
        using var y = randn(new long[] { 8, 2 }, dtype: float64);
        using var a = Net(1, ScalarType.Float64);
        using var optA = optim.SGD(a.parameters(), 0.05, momentum: 0.9);
        Train(a, optA, x, y, 2);
        new CheckpointWriter().AddOptimizer("opt", optA).Save(PathOf("s.ckpt"));

        using var b = Net(1, ScalarType.Float64);
        using var optB = optim.SGD(b.parameters(), 0.05, momentum: 0.9);
        Assert.Null(((SGD.State)optB.state_dict().State[0]).momentum_buffer);
        CheckpointReader.Open(PathOf("s.ckpt")).LoadOptimizer("opt", optB);
        var bufferA = ((SGD.State)optA.state_dict().State[0]).momentum_buffer;
        var bufferB = ((SGD.State)optB.state_dict().State[0]).momentum_buffer;
        Assert.NotNull(bufferB);
        Assert.Equal(ScalarType.Float64, bufferB.dtype);
        Assert.Equal(TensorBits(bufferA), TensorBits(bufferB));
    }

    [Fact]
    public void GeneratorStateRoundTripRepeatsTheNextDraws()
    {
        var g = new Generator(42);
        randn(new long[] { 7 }, generator: g).Dispose();
        new CheckpointWriter().AddGenerator("rng", g).Save(PathOf("g.ckpt"));
        using var expected = randn(new long[] { 10 }, generator: g);

        var other = new Generator(7);
        using (var before = randn(new long[] { 10 }, generator: other))
            Assert.NotEqual(TensorBits(expected), TensorBits(before));
        CheckpointReader.Open(PathOf("g.ckpt")).RestoreGenerator("rng", other);
        using var actual = randn(new long[] { 10 }, generator: other);
        Assert.Equal(TensorBits(expected), TensorBits(actual));
    }

    [Fact]
    public void TensorsRoundTripWithDtypeShapeAndBits()
    {
        using var floats = randn(2, 3);
        using var doubles = randn(new long[] { 4 }, dtype: float64).mul(1e300);
        using var longs = arange(6L).reshape(2, 3);
        using var bools = tensor(new[] { true, false, true });
        using var scalar = tensor(3.25);
        using var empty = zeros(0, 4);
        using var transposed = randn(3, 5).t();   // not contiguous
        var tensors = new (string Name, Tensor Value)[]
        {
            ("floats", floats), ("doubles", doubles), ("longs", longs), ("bools", bools),
            ("scalar", scalar), ("empty", empty), ("transposed", transposed),
        };
        var writer = new CheckpointWriter();
        foreach (var (name, value) in tensors) writer.AddTensor(name, value);
        writer.Save(PathOf("t.ckpt"));

        var reader = CheckpointReader.Open(PathOf("t.ckpt"));
        foreach (var (name, value) in tensors)
        {
            using var back = reader.ReadTensor(name);
            Assert.Equal(value.dtype, back.dtype);
            Assert.Equal(value.shape, back.shape);
            Assert.Equal(TensorBits(value), TensorBits(back));
        }
        Assert.Equal(tensors.Select(t => t.Name), reader.Sections.Select(s => s.Name));
    }

    [Fact]
    public void JsonRoundTripsAsWrittenAndInvalidJsonIsRefused()
    {
        const string json = """{"step": 1500, "epoch": 3, "config_hash": "ab12", "note": "λ → θ"}""";
        new CheckpointWriter().AddJson("trainer", json).Save(PathOf("j.ckpt"));
        Assert.Equal(json, CheckpointReader.Open(PathOf("j.ckpt")).ReadJson("trainer"));
        Assert.Throws<ArgumentException>(() => new CheckpointWriter().AddJson("trainer", "{\"step\": "));
    }

    [Fact]
    public void MissingSectionWrongKindAndDuplicateNamesAreClearErrors()
    {
        using var t = ones(2);
        new CheckpointWriter().AddJson("trainer", "{}").AddTensor("noise", t).Save(PathOf("m.ckpt"));
        var reader = CheckpointReader.Open(PathOf("m.ckpt"));

        var missing = Assert.Throws<CheckpointSectionException>(() => reader.ReadJson("optimizer_g"));
        Assert.Equal("optimizer_g", missing.Section);
        Assert.Contains("'optimizer_g'", missing.Message);
        Assert.Contains(PathOf("m.ckpt"), missing.Message);
        Assert.Contains("trainer (Json)", missing.Message);

        var wrongKind = Assert.Throws<CheckpointSectionException>(() => reader.ReadTensor("trainer"));
        Assert.Contains("Json", wrongKind.Message);
        Assert.True(reader.Contains("noise"));
        Assert.False(reader.Contains("optimizer_g"));

        Assert.Throws<ArgumentException>(() => new CheckpointWriter().AddJson("a", "{}").AddJson("a", "{}"));
    }

    [Fact]
    public void ModuleOfAnotherShapeIsRefusedAndLeftUntouched()
    {
        using var small = Net(1, ScalarType.Float32, hidden: 8);
        new CheckpointWriter().AddModule("net", small).Save(PathOf("n.ckpt"));
        var reader = CheckpointReader.Open(PathOf("n.ckpt"));

        using var wide = Net(2, ScalarType.Float32, hidden: 9);
        var before = Bits(wide);
        var e = Assert.Throws<CheckpointSectionException>(() => reader.LoadModule("net", wide));
        Assert.Contains("0.weight", e.Message);
        Assert.True(Same(before, Bits(wide)));

        using var asDouble = Net(2, ScalarType.Float64);
        var dtype = Assert.Throws<CheckpointSectionException>(() => reader.LoadModule("net", asDouble));
        Assert.Contains("Float64", dtype.Message);

        using var same = Net(2, ScalarType.Float32, hidden: 8);
        reader.LoadModule("net", same);
        Assert.True(Same(Bits(small), Bits(same)));
    }

    [Fact]
    public void OptimizerOfAnotherTypeIsRefused()
    {
        using var net = Net(1, ScalarType.Float32);
        using var adam = optim.Adam(net.parameters(), 0.01);
        new CheckpointWriter().AddOptimizer("opt", adam).Save(PathOf("o.ckpt"));
        using var sgd = optim.SGD(net.parameters(), 0.01);
        var e = Assert.Throws<CheckpointSectionException>(() => CheckpointReader.Open(PathOf("o.ckpt")).LoadOptimizer("opt", sgd));
        Assert.Contains("Adam", e.Message);
    }
}
