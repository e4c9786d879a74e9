using RealGanLab.Checkpoints;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Networks;
using RealGanLab.Probes;
using RealGanLab.Training;
using TorchSharp;
using static RealGanLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>
/// Spectral normalization (Miyato et al. 2018, §2.1, Algorithm 1): σ against the SVD for Linear, Conv2d and
/// ConvTranspose2d; exactly one power iteration per training step; u, v in checkpoints; the probe's Jacobian with u, v
/// held fixed against finite differences (<see cref="SpectralNormTrainingTests"/>); nothing changes when it is off.
/// </summary>
[NoGarbageCollection]
public class SpectralNormTests
{
    /// <summary>Tiny MLP game with spectral normalization on both players (float64: finite differences need it).</summary>
    internal static readonly string[] TinySn = [.. MlpSmokeMatrixTests.TinyMlp, "generator:spectralNorm=true", "discriminator:spectralNorm=true"];

    /// <summary>Same shape and every element equal.</summary>
    internal static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    static nn.Module<Tensor, Tensor> Layer(string kind) => kind switch
    {
        "linear" => nn.Linear(12, 7, dtype: float64),
        "conv" => nn.Conv2d(3, 5, 3, stride: 2, padding: 1, dtype: float64),
        // in = 6, out = 4: reading the weight with dim 0 first (6×64) instead of dim 1 (4×96) gives other singular values.
        "convtranspose" => nn.ConvTranspose2d(6, 4, 4, stride: 2, padding: 1, dtype: float64),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>The weight as PyTorch's spectral_norm reads it: dim 0 first, or dim 1 for ConvTranspose (its weight is in×out×kh×kw).</summary>
    static Tensor PyTorchMatrix(Tensor weight, bool transposed) =>
        transposed ? weight.permute(1, 0, 2, 3).reshape(weight.shape[1], -1) : weight.reshape(weight.shape[0], -1);

    [Theory]
    [InlineData("linear")]
    [InlineData("conv")]
    [InlineData("convtranspose")]
    public void AfterEnoughPowerIterationsTheNormalizedWeightHasSpectralNormOne(string kind)
    {
        manual_seed(11);
        using var sn = new SpectralNormalization(Layer(kind), new Generator(3));
        using var scope = NewDisposeScope();
        bool transposed = kind == "convtranspose";
        var matrix = PyTorchMatrix(sn.Weight.detach(), transposed);
        var singular = linalg.svdvals(matrix);
        double sigma1 = singular[0].item<double>();
        Assert.True(singular[1].item<double>() < 0.95 * sigma1, "no spectral gap: the power iteration would converge too slowly to test");

        // Before any iteration σ = uᵀ W v = ‖Wᵀu‖ for a random u: positive, and at most σ₁.
        double initial = sn.Sigma(sn.Weight).item<double>();
        Assert.InRange(initial, 1e-3, sigma1 * (1 + 1e-12));
        for (int i = 0; i < 300; i++) sn.PowerIteration();
        Assert.Equal(sigma1, sn.Sigma(sn.Weight).item<double>(), sigma1 * 1e-10);

        using (no_grad())
        {
            var normalized = PyTorchMatrix(sn.Normalize(sn.Weight), transposed);
            Assert.Equal(1.0, linalg.svdvals(normalized)[0].item<double>(), 1e-10);
        }
        // u and v are the singular vectors: W v = σ u.
        Assert.True(allclose(matrix.mv(sn.V), sn.U.mul(sigma1), rtol: 0, atol: 1e-9 * sigma1));
        if (transposed)
        {
            // The other reading of a ConvTranspose weight has another spectral norm, so the test tells them apart.
            double dim0 = linalg.svdvals(sn.Weight.detach().reshape(sn.Weight.shape[0], -1))[0].item<double>();
            Assert.True(Math.Abs(dim0 - sigma1) > 1e-3 * sigma1, $"dim-0 and dim-1 readings agree ({dim0} vs {sigma1})");
        }
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("conv")]
    [InlineData("convtranspose")]
    public void TheForwardPassIsTheLayerWithItsWeightDividedBySigma(string kind)
    {
        manual_seed(12);
        using var sn = new SpectralNormalization(Layer(kind), new Generator(4));
        using var scope = NewDisposeScope();
        sn.PowerIteration();
        var x = kind == "linear" ? randn(5, 12, dtype: float64) : randn(2, kind == "conv" ? 3 : 6, 8, 8, dtype: float64);
        var bias = (kind == "linear" ? ((TorchSharp.Modules.Linear)sn.Layer).bias : ((TorchSharp.Modules.Convolution)sn.Layer).bias)!;
        var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
        shape[1] = -1;
        // The layer is affine in W: layer_{W/σ}(x) = (layer_W(x) − b) / σ + b, computed by the unwrapped layer itself.
        var sigma = sn.Sigma(sn.Weight).detach();
        var expected = sn.Layer.call(x).sub(bias.reshape(shape)).div(sigma).add(bias.reshape(shape));
        var actual = sn.call(x);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(allclose(actual, expected, rtol: 1e-12, atol: 1e-12));
        Assert.True(sigma.item<double>() is > 0 and not 1.0);
    }

    [Fact]
    public void AForwardPassHoldsUAndVFixed()
    {
        manual_seed(13);
        using var sn = new SpectralNormalization(Layer("linear"), new Generator(5));
        using var scope = NewDisposeScope();
        var u = sn.U.clone();
        var v = sn.V.clone();
        sn.call(randn(4, 12, dtype: float64)).sum().backward();
        Assert.True(Same(u, sn.U) && Same(v, sn.V), "a forward/backward pass moved u or v");
        Assert.False(sn.U.requires_grad || sn.V.requires_grad);
        // Buffers, not parameters: the layer's parameters are exactly its weight and bias.
        Assert.Equal(2, sn.parameters().Count());
        Assert.Equal(["layer.bias", "layer.weight", "u", "v"], sn.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheFunctionalForwardOfASpectrallyNormalizedMlpIsItsForward()
    {
        manual_seed(16);
        using var mlp = new Mlp("d", 3, 1, 2, 5, "tanh", "layer", new Generator(6));
        mlp.to(float64);
        foreach (var layer in SpectralNormalization.In(mlp)) layer.PowerIteration();
        using var scope = NewDisposeScope();
        var x = randn(7, 3, dtype: float64);
        var parameters = mlp.parameters().Cast<Tensor>().ToList();
        Assert.True(allclose(mlp.Functional(x, parameters), mlp.call(x), rtol: 0, atol: 0));
        // Other weights are normalised with the stored u, v too: doubling every Linear weight leaves W / (uᵀ W v) unchanged.
        var doubled = parameters.Select(p => p.dim() == 2 ? p.mul(2) : p).ToList();
        Assert.True(allclose(mlp.Functional(x, doubled), mlp.call(x), rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void OffByDefaultAndTurningItOnKeepsTheInitialWeightsAndOnlyDividesThemBySigma()
    {
        using var plain = (MixtureGan)GameHost.Create(Config(MlpSmokeMatrixTests.TinyMlp));
        Assert.False(plain.HasSpectralNorm);
        Assert.DoesNotContain("SN", plain.Title);
        Assert.All(plain.DiscriminatorNetwork.state_dict().Keys.Concat(plain.GeneratorNetwork.state_dict().Keys),
            k => Assert.DoesNotContain("layer.", k));
        Assert.Empty(plain.DiscriminatorNetwork.modules().OfType<SpectralNormalization>());

        using var sn = (MixtureGan)GameHost.Create(Config(TinySn));
        Assert.Contains("SN(G, D)", sn.Title);
        using var onlyD = GameHost.Create(Config([.. MlpSmokeMatrixTests.TinyMlp, "discriminator:spectralNorm=true"]));
        Assert.Contains(", SN(D)", onlyD.Title);
        // Same parameters, same order, same initial values: u and v are buffers from streams of their own.
        Assert.Equal(plain.ParameterCount, sn.ParameterCount);
        Assert.Equal(plain.Parameters.Count, sn.Parameters.Count);
        foreach (var (p, q) in plain.Parameters.Zip(sn.Parameters))
            Assert.True(Same(p, q), "spectral normalization changed the initial weights");
        var config = Config(TinySn);
        Assert.Equal(sn.ParameterCount, MemoryEstimate.GeneratorParameterCount(config, 1) + MemoryEstimate.DiscriminatorParameterCount(config, 1));

        // D with SN is the plain D with each Linear weight divided by its σ = uᵀ W v.
        using var scope = NewDisposeScope();
        var x = randn(6, 2, dtype: float64, generator: new Generator(10));
        var layers = sn.DiscriminatorSpectralNorm;
        Assert.False(allclose(plain.DiscriminatorNetwork.call(x), sn.DiscriminatorNetwork.call(x)));
        using (no_grad())
        {
            var weights = plain.Players[PlayerIndex.Discriminator].Parameters.Where(p => p.dim() == 2).ToList();
            Assert.Equal(layers.Count, weights.Count);
            for (int i = 0; i < layers.Count; i++) weights[i].div_(layers[i].Sigma(layers[i].Weight));
        }
        Assert.True(allclose(plain.DiscriminatorNetwork.call(x), sn.DiscriminatorNetwork.call(x), rtol: 1e-12, atol: 1e-14));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 1)]
    public void DcganPlayersNormalizeEveryLayerAndKeepTheirParameters(int channels, int depth)
    {
        var shape = new ImageShape(channels);
        manual_seed(17);
        using var g = new DcganGenerator("g", 10, shape, 8, depth, "batch", new Generator(1));
        using var d = new DcganDiscriminator("d", shape, 8, depth, "layer", new Generator(2));
        using var e = new EncoderDecoderGenerator("e", 6, shape, 8, depth, "none", new Generator(3));
        manual_seed(17);
        using var plainG = new DcganGenerator("g", 10, shape, 8, depth, "batch");
        using var plainD = new DcganDiscriminator("d", shape, 8, depth, "layer");
        // G: the Linear, the stride-1 convolutions and two transposed ones; D: two strided convolutions, the stride-1 ones and the head.
        Assert.Equal(3 + depth, SpectralNormalization.In(g).Count);
        Assert.Equal(2, SpectralNormalization.In(g).Count(l => l.Layer is TorchSharp.Modules.ConvTranspose2d));
        Assert.Equal(3 + depth, SpectralNormalization.In(d).Count);
        Assert.Equal((2 + depth) + 1 + (3 + depth), SpectralNormalization.In(e).Count);   // encoder, bottleneck, decoder
        foreach (var (sn, plain) in new[] { ((nn.Module)g, (nn.Module)plainG), (d, plainD) })
        {
            var a = sn.parameters().ToList();
            var b = plain.parameters().ToList();
            Assert.Equal(b.Count, a.Count);
            Assert.All(a.Zip(b), p => Assert.True(Same(p.First, p.Second)));
        }

        using var scope = NewDisposeScope();
        foreach (var layer in SpectralNormalization.In(g).Concat(SpectralNormalization.In(d))) layer.PowerIteration();
        var images = g.call(randn(5, 10));
        Assert.Equal(new long[] { 5, channels * 784 }, images.shape);
        var logits = d.call(images);
        Assert.Equal(new long[] { 5, 1 }, logits.shape);
        Assert.Equal(new long[] { 5, channels * 784 }, e.call(images.detach()).shape);
        logits.sum().backward();
        Assert.All(g.parameters().Concat(d.parameters()), p => Assert.True(p.grad is not null && p.grad.isfinite().all().item<bool>()));
        // Every normalised weight has σ = uᵀ W v > 0 after an iteration (and u, v are unit vectors).
        foreach (var layer in SpectralNormalization.In(g).Concat(SpectralNormalization.In(d)))
        {
            Assert.True(layer.Sigma(layer.Weight).item<float>() > 0);
            Assert.Equal(1.0, layer.U.norm().item<float>(), 1e-5);
            Assert.Equal(1.0, layer.V.norm().item<float>(), 1e-5);
        }
    }

    [Fact]
    public void AnOrthogonalInitialisationRealignsVWithTheNewWeightSoTheFirstSigmaIsItsEstimate()
    {
        // v is built from the weight at construction; the orthogonal init replaces the weight afterwards. Realigned,
        // v = Wᵀu/‖Wᵀu‖ for the new W, so σ = uᵀWv = ‖Wᵀu‖ > 0 (≤ the largest singular value gain·1).
        using var game = (MixtureGan)GameHost.Create(Config([.. TinySn, "generator:init=orthogonal", "generator:initGain=1.4",
            "discriminator:init=orthogonal", "discriminator:initGain=1.4"]));
        var layers = SpectralNormalization.In(game.GeneratorNetwork).Concat(SpectralNormalization.In(game.DiscriminatorNetwork)).ToList();
        Assert.NotEmpty(layers);
        using var scope = NewDisposeScope();
        foreach (var layer in layers)
        {
            var matrix = layer.Matrix(layer.Weight).detach();
            var expected = matrix.t().mv(layer.U);
            double norm = expected.norm().item<double>();
            // Realigned in float32 before the move to the run's float64: agreement to float32 precision.
            Assert.True(allclose(layer.V, expected.div(norm), rtol: 1e-5, atol: 1e-6));
            Assert.InRange(layer.Sigma(layer.Weight).item<double>(), norm * (1 - 1e-5), 1.4 * (1 + 1e-5));
        }
    }

    [Fact]
    public void SpectralNormOnAnAnalyticGameIsRefusedNamingTheKey()
    {
        var e = Assert.Throws<BadInputException>(() => Config("game:name=dirac", "discriminator:spectralNorm=true"));
        Assert.Contains("discriminator:spectralNorm", e.Message);
        var g = Assert.Throws<BadInputException>(() => Config("game:name=bilinear", "generator:spectralNorm=true"));
        Assert.Contains("generator:spectralNorm", g.Message);
    }
}
