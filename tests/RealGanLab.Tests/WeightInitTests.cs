using RealGanLab.Training;
using TorchSharp;
using RealGanLab.Games;
using RealGanLab.Networks;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// generator:init / discriminator:init: orthogonal weights (Saxe et al. 2014) with a gain, zero biases, and the
/// default init left exactly as it was.
/// </summary>
[NoGarbageCollection]
public class WeightInitTests
{
    static readonly string[] Small =
    [
        "game:name=mlp", "dtype=float64", "game:batchSize=8", "generator:latent=3", "generator:hiddenLayers=2", "generator:width=8",
        "discriminator:hiddenLayers=1", "discriminator:width=6", "probe:batchSize=16",
    ];

    /// <summary>Largest deviation of W Wᵀ (wide or square) or Wᵀ W (tall) from gain²·I, W flattened to [rows, rest].</summary>
    static double OrthogonalityError(Tensor weight, double gain)
    {
        using var scope = NewDisposeScope();
        var w = weight.detach().to(float64).reshape(weight.shape[0], -1);
        var gram = w.shape[0] <= w.shape[1] ? w.matmul(w.t()) : w.t().matmul(w);
        return gram.sub(eye(gram.shape[0], dtype: float64).mul(gain * gain)).abs().max().item<double>();
    }

    /// <summary>Bit-identical: same shape and every entry equal.</summary>
    static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.detach().to(float64).sub(b.detach().to(float64)).abs().max().item<double>() == 0.0;

    static (List<Tensor> Weights, List<Tensor> Biases) Layers(nn.Module network)
    {
        var weights = new List<Tensor>();
        var biases = new List<Tensor>();
        foreach (var layer in network.modules())
        {
            if (layer is not (TorchSharp.Modules.Linear or TorchSharp.Modules.Conv2d or TorchSharp.Modules.ConvTranspose2d)) continue;
            foreach (var (name, p) in layer.named_parameters(recurse: false))
                (name == "weight" ? weights : biases).Add(p);
        }
        return (weights, biases);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.4)]
    public void OrthogonalMlpWeightsHaveGramGainSquaredTimesIdentityAndZeroBiases(double gain)
    {
        var config = Config([.. Small, "generator:init=orthogonal", $"generator:initGain={gain}", "discriminator:init=orthogonal", $"discriminator:initGain={gain}"]);
        using var game = GameHost.Create(config);
        // G: 3 → 8 (tall), 8 → 8 (square), 8 → 2 (wide); D: 2 → 6 (tall), 6 → 1 (one row of norm gain).
        var weights = game.Parameters.Where(p => p.dim() == 2).ToList();
        var biases = game.Parameters.Where(p => p.dim() == 1).ToList();
        Assert.Equal(5, weights.Count);
        Assert.Equal(5, biases.Count);
        // Built in float32, then moved to float64: orthogonal to float32 rounding.
        Assert.All(weights, w => Assert.InRange(OrthogonalityError(w, gain), 0.0, 1e-5));
        Assert.All(biases, b => Assert.Equal(0.0, b.abs().max().to(float64).item<double>()));

        // The default init is not orthogonal (the check can fail) and has nonzero biases.
        using var plain = GameHost.Create(Config(Small));
        var plainWeights = plain.Parameters.Where(p => p.dim() == 2).ToList();
        Assert.All(plainWeights, w => Assert.InRange(OrthogonalityError(w, gain), 0.05, double.MaxValue));
        Assert.All(plain.Parameters.Where(p => p.dim() == 1), b => Assert.InRange(b.abs().max().item<double>(), 1e-6, double.MaxValue));
    }

    [Fact]
    public void OrthogonalConvolutionsAreFlattenedToTwoDimensions()
    {
        torch.manual_seed(4);
        var shape = new ImageShape(1);
        using var generator = new DcganGenerator("generator", 5, shape, 4, 1, Normalizations.Layer);
        using var discriminator = new DcganDiscriminator("discriminator", shape, 4, 1, Normalizations.Layer);
        foreach (var network in new nn.Module[] { generator, discriminator })
        {
            WeightInit.Apply(network, WeightInit.Orthogonal, 1.4);
            var (weights, biases) = Layers(network);
            Assert.Contains(weights, w => w.dim() == 4);
            Assert.All(weights, w => Assert.InRange(OrthogonalityError(w, 1.4), 0.0, 1e-5));
            Assert.All(biases, b => Assert.Equal(0.0, b.abs().max().to(float64).item<double>()));
            // Normalization layers keep their identity start (GroupNorm weight 1, bias 0).
            foreach (var norm in network.modules().OfType<TorchSharp.Modules.GroupNorm>())
            {
                Assert.Equal(1.0, norm.weight!.min().item<float>());
                Assert.Equal(1.0, norm.weight!.max().item<float>());
            }
        }
    }

    [Fact]
    public void DefaultInitIsTheUnchangedPyTorchInitUnderTheRunSeed()
    {
        var config = Config([.. Small, "seed=5"]);
        using var game = GameHost.Create(config);
        // What the factory did before the init option existed: seed, build G, build D, move.
        torch.manual_seed(5);
        using var g = new Mlp("generator", 3, 2, 2, 8, "relu", "none");
        using var d = new PackedDiscriminator(2, 1, 1, 6, "relu", "none");
        var before = g.parameters().Concat(d.parameters()).Select(p => p.detach().to(float64)).ToList();
        Assert.Equal(before.Count, game.Parameters.Count);
        for (int i = 0; i < before.Count; i++) Assert.True(Same(before[i], game.Parameters[i]), $"parameter {i} differs");

        // An orthogonal G leaves D's default weights alone: the orthogonal draws come after every default draw.
        using var mixed = GameHost.Create(Config([.. Small, "seed=5", "generator:init=orthogonal"]));
        var dCount = d.parameters().Count();
        for (int i = before.Count - dCount; i < before.Count; i++) Assert.True(Same(before[i], mixed.Parameters[i]), $"D parameter {i} differs");
        Assert.False(Same(before[0], mixed.Parameters[0]));
    }

    [Fact]
    public void SameSeedSameOrthogonalWeightsAnotherSeedOthers()
    {
        string[] orthogonal = [.. Small, "generator:init=orthogonal", "discriminator:init=orthogonal", "discriminator:initGain=1.4"];
        using var a = GameHost.Create(Config([.. orthogonal, "seed=3"]));
        using var b = GameHost.Create(Config([.. orthogonal, "seed=3"]));
        using var c = GameHost.Create(Config([.. orthogonal, "seed=4"]));
        Assert.Equal(GameState.Get(a), GameState.Get(b));
        Assert.NotEqual(GameState.Get(a), GameState.Get(c));
    }

    [Theory]
    [InlineData("generator:initGain=1.4", "generator:initGain", "init=orthogonal")]
    [InlineData("discriminator:initGain=0.5", "discriminator:initGain", "init=orthogonal")]
    [InlineData("discriminator:init=orthogonal", "discriminator:init", "no networks")]
    public void InitSettingsThatWouldDoNothingAreRefused(string setting, string key, string hint)
    {
        // The first two on the mlp game; the last on the default Dirac-GAN.
        string[] overrides = setting.Contains("initGain") ? [.. Small, setting] : [setting];
        var e = Assert.Throws<BadInputException>(() => Config(overrides));
        var issue = Assert.Single(e.Issues);
        Assert.Equal(key, issue.Key);
        Assert.Contains(hint, issue.Message);
    }
}
