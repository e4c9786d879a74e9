using RealGanLab.Data;
using RealGanLab.Data.Mnist;
using RealGanLab.Networks;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>MNIST as game data (shapes, ranges, shuffled epoch order) and the DCGAN players' shapes.</summary>
[NoGarbageCollection]
public class ImageGameTests
{
    static string MnistDirectory => MnistTestData.Directory;

    [Fact]
    public void Training_set_loads_with_the_published_pixel_sum()
    {
        using var set = MnistSetFile.Load(MnistDirectory, MnistSplit.Train);
        Assert.Equal(new long[] { 60_000, 28, 28 }, set.Images.shape);
        // Sum of every pixel byte of train-images-idx3-ubyte, computed independently from the file.
        Assert.Equal(1_567_298_545L, set.Images.to_type(int64).sum().item<long>());
        Assert.Equal(10, set.Labels.unique().Item1.shape[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Batches_are_flattened_images_in_minus_one_to_one(int channels)
    {
        using var data = new ImageData("t", MnistSetFile.Load(MnistDirectory, MnistSplit.Train), channels, 7, CPU);
        using var scope = NewDisposeScope();
        var batch = data.Next(32, float32, CPU);
        Assert.Equal(new long[] { 32, channels * 784 }, batch.shape);
        Assert.Equal(-1.0, batch.min().item<float>(), 6);
        Assert.Equal(1.0, batch.max().item<float>(), 6);
        Assert.Equal(32, data.Cursor);
    }

    [Fact]
    public void Shuffled_order_is_a_permutation_per_epoch_and_fixed_by_the_seed()
    {
        var order = new ShuffledOrder(11, 100, 2);
        using var scope = NewDisposeScope();
        var epoch0 = order.Take(0, 100);
        var epoch1 = order.Take(100, 100);
        for (int s = 0; s < 2; s++)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), epoch0.select(1, s).sort().Values.data<long>().ToArray());
            Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), epoch1.select(1, s).sort().Values.data<long>().ToArray());
        }
        Assert.False(epoch0.eq(epoch1).all().item<bool>());
        Assert.False(epoch0.select(1, 0).eq(epoch0.select(1, 1)).all().item<bool>());
        // A batch straddling the epoch boundary, and a fresh order with the same seed, give the same indices.
        var straddle = new ShuffledOrder(11, 100, 2).Take(90, 20);
        Assert.True(straddle.eq(cat([epoch0.narrow(0, 90, 10), epoch1.narrow(0, 0, 10)], 0)).all().item<bool>());
    }

    [Fact]
    public void Same_seed_gives_the_same_batches_in_two_data_sources()
    {
        using var a = new ImageData("t", MnistSetFile.Load(MnistDirectory, MnistSplit.Train), 1, 3, CPU);
        using var b = new ImageData("t", MnistSetFile.Load(MnistDirectory, MnistSplit.Train), 1, 3, CPU);
        using var scope = NewDisposeScope();
        for (int i = 0; i < 3; i++)
            Assert.True(a.Next(64, float32, CPU).eq(b.Next(64, float32, CPU)).all().item<bool>());
        b.Cursor = 0;
        using var c = new ImageData("t", MnistSetFile.Load(MnistDirectory, MnistSplit.Train), 1, 3, CPU);
        Assert.True(c.Next(64, float32, CPU).eq(b.Next(64, float32, CPU)).all().item<bool>());
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("layer")]
    public void Normalization_layers_start_as_the_identity_map(string normalization)
    {
        // TorchSharp 0.107's GroupNorm leaves its weight and bias uninitialised; every normalization must start at 1 and 0.
        for (int trial = 0; trial < 5; trial++)
        {
            using var conv = Networks.ConvNormalization.Create(normalization, 16);
            using var dense = Networks.ConvNormalization.Create1d(normalization, 16);
            foreach (var module in new[] { conv, dense })
            {
                var p = module.named_parameters().ToDictionary(kv => kv.name, kv => kv.parameter);
                Assert.True(p["weight"].eq(1).all().item<bool>(), $"{normalization}: weight {p["weight"].min().item<float>()}..{p["weight"].max().item<float>()}");
                Assert.True(p["bias"].eq(0).all().item<bool>(), $"{normalization}: bias");
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    public void Fresh_players_have_finite_bounded_parameters(int width)
    {
        // Guards against TorchSharp modules that allocate parameters without initialising them (GroupNorm in 0.107).
        for (int trial = 0; trial < 3; trial++)
        {
            var shape = new ImageShape(1);
            using var g = new DcganGenerator("g", 10, shape, width, 1, "layer");
            using var d = new DcganDiscriminator("d", shape, width, 1, "layer");
            using var e = new EncoderDecoderGenerator("e", 6, shape, width, 1, "batch");
            foreach (var (name, p) in g.named_parameters().Concat(d.named_parameters()).Concat(e.named_parameters()))
            {
                double max = p.abs().max().item<float>();
                Assert.True(double.IsFinite(max) && max < 5, $"{name}: max |p| = {max}");
            }
        }
    }

    [Theory]
    [InlineData(1, 0, "batch")]
    [InlineData(3, 1, "layer")]
    [InlineData(1, 2, "none")]
    public void Dcgan_players_have_the_right_shapes_and_gradients(int channels, int depth, string normalization)
    {
        var shape = new ImageShape(channels);
        using var g = new DcganGenerator("g", 10, shape, 8, depth, normalization);
        using var d = new DcganDiscriminator("d", shape, 8, depth, normalization);
        using var e = new EncoderDecoderGenerator("e", 6, shape, 8, depth, normalization);
        using var scope = NewDisposeScope();
        var images = g.call(randn(5, 10));
        Assert.Equal(new long[] { 5, channels * 784 }, images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f);
        var logits = d.call(images);
        Assert.Equal(new long[] { 5, 1 }, logits.shape);
        Assert.Equal(new long[] { 5, channels * 784 }, e.call(images.detach()).shape);
        Assert.Equal(new long[] { 5, 6 }, e.Encode(images.detach()).shape);
        logits.sum().backward();
        Assert.All(g.parameters().Concat(d.parameters()), p => Assert.True(p.grad is not null && p.grad.isfinite().all().item<bool>()));
        Assert.True(g.parameters().Sum(p => p.grad!.abs().sum().item<float>()) > 0);
    }
}
