using RealGanLab.Checkpoints;
using RealGanLab.Configuration;
using RealGanLab.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// The averages of <see cref="GeneratorAverage"/> against their closed forms (Yazıcı et al. 2019) on a constant-gradient
/// toy: plain SGD with learning rate h on L(θ) = −d·θ moves θ_k = θ_0 + k h d, so after step t
/// <list type="bullet">
/// <item>the uniform average from s is (1/(t−s+1)) Σ_{k=s..t} θ_k = θ_0 + h d (s + t)/2;</item>
/// <item>the EMA from s, β^(t−s) θ_s + (1−β) Σ_{k=s+1..t} β^(t−k) θ_k, sums to θ_t − h d · β (1 − β^(t−s)) / (1 − β)
/// (a ramp seen through the geometric weights lags by β/(1−β) steps once the start is forgotten).</item>
/// </list>
/// Also: the swap into G and back is exact, the checkpoint round trip restores the average, and the checkpoint checks
/// name each misfit; the config refuses out-of-range keys naming them.
/// </summary>
[NoGarbageCollection]
public class GeneratorAveragingTests
{
    const double H = 0.01;

    /// <summary>θ_0 and d, and SGD on L = −d·θ, with the averages observing θ_0 and each iterate after it.</summary>
    sealed class ConstantGradientToy : IDisposable
    {
        public readonly Parameter Theta;
        public readonly Tensor Theta0, D;
        /// <summary>Σ θ_k over the iterates so far, each exactly as G held it, summed in float64.</summary>
        public readonly Tensor Sum;
        readonly optim.Optimizer sgd;
        long step;

        public ConstantGradientToy(ScalarType dtype)
        {
            using var g = new Generator(11);
            Theta0 = randn([3, 4], float64, generator: g);
            D = randn([3, 4], float64, generator: g);
            Theta = new Parameter(Theta0.to_type(dtype).clone());
            Sum = zeros([3, 4], float64);
            sgd = optim.SGD([Theta], H);
        }

        /// <summary>Steps to <paramref name="until"/>, each average observing every iterate (θ_0 first).</summary>
        public void Run(long until, params GeneratorAverage[] averages)
        {
            if (step == 0) Sum.add_(Theta.detach().to_type(float64));
            foreach (var a in averages) a.Observe(step);
            while (step < until)
            {
                sgd.zero_grad();
                Theta.mul(D.to_type(Theta.dtype)).sum().neg().backward();
                sgd.step();
                step++;
                Sum.add_(Theta.detach().to_type(float64));
                foreach (var a in averages) a.Observe(step);
            }
        }

        public void Dispose()
        {
            sgd.Dispose();
            Theta.Dispose();
            Theta0.Dispose();
            D.Dispose();
            Sum.Dispose();
        }
    }

    static void AssertClose(Tensor expected, Tensor actual, double tolerance)
    {
        var e = expected.to_type(float64).data<double>().ToArray();
        var a = actual.to_type(float64).data<double>().ToArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++) Assert.InRange(a[i], e[i] - tolerance, e[i] + tolerance);
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(7, 50)]
    [InlineData(49, 50)]
    public void UniformAverageIsTheMidpointOfTheRamp(long start, long steps)
    {
        using var toy = new ConstantGradientToy(float64);
        using var uniform = new GeneratorAverage("uniform", [toy.Theta], start, beta: null);
        toy.Run(steps, uniform);
        Assert.Equal(steps - start + 1, uniform.Count);
        using var expected = toy.Theta0.add(toy.D.mul(H * (start + steps) / 2.0));
        AssertClose(expected, uniform.Parameters[0], 1e-12);
    }

    [Theory]
    [InlineData(0, 60, 0.9)]
    [InlineData(10, 60, 0.9)]
    [InlineData(5, 300, 0.99)]
    [InlineData(3, 40, 0.0)]
    public void EmaLagsTheRampByItsGeometricSum(long start, long steps, double beta)
    {
        using var toy = new ConstantGradientToy(float64);
        using var ema = new GeneratorAverage("ema", [toy.Theta], start, beta);
        toy.Run(steps, ema);
        Assert.Equal(steps - start + 1, ema.Count);
        double lag = beta * (1 - Math.Pow(beta, steps - start)) / (1 - beta);
        using var expected = toy.Theta0.add(toy.D.mul(H * (steps - lag)));
        AssertClose(expected, ema.Parameters[0], 1e-11);
        // β = 0 is no averaging at all: the EMA is the last iterate.
        if (beta == 0) AssertClose(toy.Theta, ema.Parameters[0], 1e-15);
    }

    [Fact]
    public void AFloat32GeneratorIsAveragedInFloat64()
    {
        using var toy = new ConstantGradientToy(float32);
        using var uniform = new GeneratorAverage("uniform", [toy.Theta], 0, beta: null);
        toy.Run(200, uniform);
        Assert.Equal(ScalarType.Float64, uniform.Parameters[0].dtype);
        // The mean of the float32 iterates as G held them, to float64 precision: a float32 running mean would be off by
        // ~1e-7 relative (its own rounding at every step), 10⁴ times this tolerance.
        using var expected = toy.Sum.div(201);
        AssertClose(expected, uniform.Parameters[0], 1e-11);
        // … and the float32 ramp's midpoint to float32 accuracy (the iterates' own rounding).
        using var ramp = toy.Theta0.add(toy.D.mul(H * 200 / 2.0));
        AssertClose(ramp, uniform.Parameters[0], 1e-4);
    }

    [Fact]
    public void NothingIsTakenInBeforeTheStart()
    {
        using var toy = new ConstantGradientToy(float64);
        using var ema = new GeneratorAverage("ema", [toy.Theta], 20, 0.5);
        toy.Run(19, ema);
        Assert.Equal(0, ema.Count);
        toy.Run(20, ema);
        Assert.Equal(1, ema.Count);
        AssertClose(toy.Theta, ema.Parameters[0], 0);
        // The same iterate observed again (a resumed run at its checkpoint's step) is not taken in twice.
        ema.Observe(20);
        Assert.Equal(1, ema.Count);
        Assert.Throws<InvalidOperationException>(() => ema.Observe(22));
    }

    [Fact]
    public void TheAverageIsSwappedIntoTheGeneratorAndItsOwnWeightsComeBackBitForBit()
    {
        using var toy = new ConstantGradientToy(float32);
        using var ema = new GeneratorAverage("ema", [toy.Theta], 0, 0.9);
        toy.Run(30, ema);
        using var own = toy.Theta.detach().clone();
        using (ema.LoadIntoGenerator())
        {
            using var rounded = ema.Parameters[0].to_type(float32);
            Assert.True(toy.Theta.eq(rounded).all().item<bool>());
            Assert.False(toy.Theta.eq(own).all().item<bool>());
        }
        Assert.True(toy.Theta.eq(own).all().item<bool>());
    }

    [Fact]
    public void ACheckpointRestoresTheAverageExactlyAndItsChecksNameEachMisfit()
    {
        using var toy = new ConstantGradientToy(float64);
        using var ema = new GeneratorAverage("ema", [toy.Theta], 4, 0.9);
        using var uniform = new GeneratorAverage("uniform", [toy.Theta], 10, beta: null);
        toy.Run(25, ema, uniform);
        var writer = new CheckpointWriter().AddJson("state", """{"step": 25, "epoch": 1}""");
        ema.Save(writer);
        uniform.Save(writer);
        var path = Path.Combine(CliRunner.TempDirectory(), "a.ckpt");
        writer.Save(path);
        var reader = CheckpointReader.Open(path);

        using var restored = new GeneratorAverage("ema", [toy.Theta], 4, 0.9);
        Assert.Null(restored.Problem(reader, 25));
        restored.Load(reader);
        Assert.Equal(ema.Count, restored.Count);
        Assert.True(restored.Parameters[0].eq(ema.Parameters[0]).all().item<bool>());

        using (var otherStart = new GeneratorAverage("ema", [toy.Theta], 5, 0.9))
            Assert.Contains("starts at step 4, this run's at 5", otherStart.Problem(reader, 25));
        using (var otherBeta = new GeneratorAverage("ema", [toy.Theta], 4, 0.99))
            Assert.Contains("β = 0.9", otherBeta.Problem(reader, 25));
        Assert.Contains("holds 22 iterates; at step 30 from step 4 it must hold 27", ema.Problem(reader, 30));
        using (var bigger = new Parameter(zeros(5, 4, float64)))
        using (var misShaped = new GeneratorAverage("uniform", [bigger], 10, beta: null))
            Assert.Contains("Float64[12], this generator needs Float64[20]", misShaped.Problem(reader, 25));
        var without = new CheckpointWriter().AddJson("state", """{"step": 25, "epoch": 1}""");
        without.Save(path);
        Assert.Contains("no ema average (section 'average_ema')", ema.Problem(CheckpointReader.Open(path), 25));
    }

    [Fact]
    public void AnAveragedGeneratorsImageMetricsAreLinesInTheMetricsPicturesNotPicturesOfTheirOwn()
    {
        var lines = new List<System.Text.Json.Nodes.JsonObject>
        {
            new() { ["kind"] = "eval", ["step"] = 100L, ["epoch"] = 1, ["mnist_score"] = 6.5, ["ema/mnist_score"] = 7.0 },
            new() { ["kind"] = "eval", ["step"] = 200L, ["epoch"] = 2, ["mnist_score"] = 8.1, ["ema/mnist_score"] = 8.5, ["uniform/mnist_score"] = 8.4 },
        };
        var plots = TrainingPlots.ImageMetricPlots(lines, null, "t").ToDictionary(p => p.Key, p => p.Plot);
        Assert.Equal(["mnist_score"], plots.Keys);
        var legend = plots["mnist_score"].GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(l => l.LegendText).ToList();
        Assert.Equal(["MNIST score (G)", "MNIST score (ema)", "MNIST score (uniform)"], legend);
    }

    [Fact]
    public void AveragingIsOffByDefault()
    {
        var c = TestSupport.Config();
        Assert.False(c.Averaging.Ema);
        Assert.False(c.Averaging.Uniform);
        Assert.Empty(GeneratorAverage.FromConfig(c.Averaging, []));
    }

    [Theory]
    [InlineData("averaging:emaBeta", "averaging:ema=true", "averaging:emaBeta=1")]
    [InlineData("averaging:emaBeta", "averaging:ema=true", "averaging:emaBeta=-0.5")]
    [InlineData("averaging:emaBeta", "averaging:ema=true", "averaging:emaBeta=1.5")]
    [InlineData("averaging:emaStart", "averaging:ema=true", "averaging:emaStart=-1")]
    [InlineData("averaging:emaStart", "averaging:ema=true", "averaging:emaStart=4000")]
    [InlineData("averaging:uniformStart", "averaging:uniform=true", "averaging:uniformStart=5000")]
    [InlineData("averaging:uniform", "averaging:uniform=maybe", "averaging:uniformStart=0")]
    [InlineData("averaging:ema", "averaging:ema=true", "game:name=dirac")]
    public void OutOfRangeAveragingKeysAreRefusedNamingTheKey(string key, params string[] overrides)
    {
        // The MLP game on the ring unless the case names another game.
        var settings = new Dictionary<string, string> { ["train:steps"] = "4000", ["game:name"] = "mlp", ["data:name"] = "ring" };
        foreach (var pair in overrides.Select(o => o.Split('=', 2))) settings[pair[0]] = pair[1];
        var e = Assert.Throws<BadInputException>(() => ConfigLoader.Load(null, settings, useEnvironment: false));
        Assert.Contains(e.Issues, i => i.Key == key);
    }
}
