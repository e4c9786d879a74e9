using RealGanLab.Games;
using RealGanLab.Configuration;
using RealGanLab.Data.Mnist;
using RealGanLab.Losses;
using RealGanLab.Numerics;
using RealGanLab.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Composition;

/// <summary>Builds a game from the config; the one place that knows which game takes which settings.</summary>
public static class GameFactory
{
    /// <summary>Every game, one entry each: game:name's valid names and the traits the configuration checks read.</summary>
    public static IReadOnlyList<GameEntry> Entries { get; } =
    [
        new("dirac", "The Dirac-GAN (Mescheder et al. 2018): G = theta, D(x) = psi x, data at one point (or a Gaussian).",
            GameTraits.DiscriminatorOnData | GameTraits.LossFamily | GameTraits.PairedTarget,
            (c, device, dtype, _) => new DiracGame(LossFamilies.Create(c.Game.Loss), RegularizerRegistry.Create(c.Regularizers),
                c.Game.DataMean, c.Game.DataStd, device, dtype)),
        new("bilinear", "The bilinear game V(x, y) = xy: pure rotation.", GameTraits.None, (_, device, dtype, _) => new BilinearGame(device, dtype)),
        new("cos-sin", "The field v = (cos phi, sin theta): equilibria and saddles.", GameTraits.None, (_, device, dtype, _) => new CosSinGame(device, dtype)),
        new("pointwise", "The function-space field of one point (D and the generated density), from a loss family.", GameTraits.LossFamily,
            (c, device, dtype, _) => CreatePointwise(c.Game, device, dtype)),
        new("mlp", "MLP generator and discriminator on a 2-D Gaussian mixture.",
            GameTraits.DiscriminatorOnData | GameTraits.LossFamily | GameTraits.Networks,
            (c, device, dtype, _) => CreateMixtureGan(c, device, dtype)),
        new("dcgan", "DCGAN players on MNIST or Stacked MNIST.",
            GameTraits.DiscriminatorOnData | GameTraits.LossFamily | GameTraits.Networks | GameTraits.Images, CreateImageGan),
        new("compression", "The compression game: an encoder-decoder G of images, with added MSE to its input.",
            GameTraits.DiscriminatorOnData | GameTraits.LossFamily | GameTraits.Networks | GameTraits.Images | GameTraits.PairedTarget, CreateImageGan),
        new("linear", "The linear game v = A x with a random spectrum (game:size).", GameTraits.None,
            (c, device, dtype, _) => new LinearGame(RandomSpectrumMatrix.Create(c.Game.Size, c.Seed, float64).Matrix, c.Seed, device, dtype)),
    ];

    static readonly Registry<GameEntry> Registry = new("game", Entries.ToDictionary(e => e.Name));

    public static IReadOnlyList<string> Names => Registry.Names;

    static bool Has(string game, GameTraits traits) => Entries.FirstOrDefault(e => e.Name == game)?.Traits.HasFlag(traits) ?? false;

    /// <summary>Games with a discriminator on data, so GAN regularizers apply.</summary>
    public static bool HasDiscriminatorOnData(string game) => Has(game, GameTraits.DiscriminatorOnData);

    /// <summary>Games whose losses come from a loss family.</summary>
    public static bool UsesLossFamily(string game) => Has(game, GameTraits.LossFamily);

    /// <summary>Games whose networks are configured by the generator / discriminator / data sections.</summary>
    public static bool IsNeural(string game) => Has(game, GameTraits.Networks);

    /// <summary>Games on images (MNIST, Stacked MNIST) with convolutional players.</summary>
    public static bool IsImageGame(string game) => Has(game, GameTraits.Images);

    /// <summary>Games whose generator has a paired target, so added MSE applies (Dirac-GAN's point, the compression game's input).</summary>
    public static bool HasPairedTarget(string game) => Has(game, GameTraits.PairedTarget);

    /// <summary>
    /// Creates the game on <paramref name="device"/> (resolved from the config's device by the caller, which loads
    /// libtorch); the image games take their training and test images from <paramref name="mnist"/>. Bad combinations
    /// become <see cref="BadInputException"/> naming the key.
    /// </summary>
    public static IGame Create(ExperimentConfig c, Device device, Func<MnistSplit, MnistSet>? mnist = null)
    {
        var dtype = c.Dtype == "float32" ? float32 : float64;
        torch.manual_seed(c.Seed);
        try
        {
            var game = Registry[c.Game.Name].Create(c, device, dtype, mnist);
            // Analytic games start where the config says, else at their default start.
            if (game is IAnalyticGame analytic && (c.Game.Start is null || c.Game.Start.Length == game.ParameterCount))
                GameState.Set(game, c.Game.Start ?? analytic.DefaultStart);
            return game;
        }
        catch (ArgumentException e)
        {
            throw new BadInputException($"game (name={c.Game.Name}, loss={c.Game.Loss})", e.Message);
        }
    }

    static MixtureGan CreateMixtureGan(ExperimentConfig c, Device device, ScalarType dtype)
    {
        var mixture = Mixtures.Create(c.Data);
        var g = c.Generator;
        var d = c.Discriminator;
        // Built in float32 on the CPU (the seeded initialisation), then moved; parameters are only read after the move.
        using var snG = SpectralNormDraws(c, g.SpectralNorm, RandomStreams.SpectralNormGenerator);
        using var snD = SpectralNormDraws(c, d.SpectralNorm, RandomStreams.SpectralNormDiscriminator);
        var generator = new Networks.Mlp("generator", g.Latent, mixture.Dimension, g.HiddenLayers, g.Width, g.Activation, g.Normalization, snG);
        var discriminator = new Networks.PackedDiscriminator(mixture.Dimension, d.Pack, d.HiddenLayers, d.Width, d.Activation, d.Normalization, snD);
        Initialize(c, generator, discriminator);
        generator.to(dtype).to(device);
        discriminator.to(dtype).to(device);
        return new MixtureGan(mixture, generator, discriminator, g.Latent, LossFamilies.Create(c.Game.Loss),
            RegularizerRegistry.Create(c.Regularizers), device, dtype);
    }

    /// <summary>
    /// DCGAN players on MNIST / Stacked MNIST, or the compression game's encoder–decoder G. The data must be present
    /// (verified by checksum); otherwise the error says how to fetch it.
    /// </summary>
    static ImageGan CreateImageGan(ExperimentConfig c, Device device, ScalarType dtype, Func<MnistSplit, MnistSet>? mnist)
    {
        if (mnist is null) throw new InvalidOperationException($"game '{c.Game.Name}' plays on MNIST images: pass their loader (the experiment layer's GameHost does)");
        if (!ImageDatasets.Contains(c.Data.Name))
            throw new BadInputException("data:name", $"game '{c.Game.Name}' plays on images: use {string.Join(" or ", ImageDatasets.Names)}; got '{c.Data.Name}'.");
        var shape = new Networks.ImageShape(ImageDatasets.Channels(c.Data.Name));
        var train = mnist(MnistSplit.Train);
        var images = new Data.ImageData(c.Data.Name, train, shape.Channels, RandomStreams.Seed(c.Seed, RandomStreams.DataOrder), device);
        var g = c.Generator;
        var d = c.Discriminator;
        using var snG = SpectralNormDraws(c, g.SpectralNorm, RandomStreams.SpectralNormGenerator);
        using var snD = SpectralNormDraws(c, d.SpectralNorm, RandomStreams.SpectralNormDiscriminator);
        var discriminator = new Networks.DcganDiscriminator("discriminator", shape, d.Width, d.HiddenLayers, d.Normalization, snD);
        var loss = LossFamilies.Create(c.Game.Loss);
        var regularizers = RegularizerRegistry.Create(c.Regularizers);
        if (c.Game.Name == "compression")
        {
            var generator = new Networks.EncoderDecoderGenerator("generator", g.Latent, shape, g.Width, g.HiddenLayers, g.Normalization, snG);
            Initialize(c, generator, discriminator);
            discriminator.to(dtype).to(device);
            generator.to(dtype).to(device);
            return new CompressionGan(images, mnist(MnistSplit.Test), generator, discriminator, loss, regularizers, device, dtype);
        }
        var dcgan = new Networks.DcganGenerator("generator", g.Latent, shape, g.Width, g.HiddenLayers, g.Normalization, snG);
        Initialize(c, dcgan, discriminator);
        discriminator.to(dtype).to(device);
        dcgan.to(dtype).to(device);
        return new ImageGan("dcgan", images, dcgan, discriminator, g.Latent, loss, regularizers, device, dtype);
    }

    /// <summary>
    /// The players' weight initialisation (generator:init, discriminator:init), applied once both networks are built
    /// with their default init and before they are moved: the orthogonal draws come after every default draw, so one
    /// player's choice never changes the other's default weights, and a run with both at default is unchanged. A
    /// spectrally normalised layer's v is then realigned with its new weight (u keeps its own seeded draw).
    /// </summary>
    static void Initialize(ExperimentConfig c, nn.Module generator, nn.Module discriminator)
    {
        Initialize(generator, c.Generator.Init, c.Generator.InitGain);
        Initialize(discriminator, c.Discriminator.Init, c.Discriminator.InitGain);
    }

    static void Initialize(nn.Module network, string init, double gain)
    {
        if (init == Networks.WeightInit.Default) return;
        Networks.WeightInit.Apply(network, init, gain);
        foreach (var layer in Networks.SpectralNormalization.In(network)) layer.RealignV();
    }

    /// <summary>
    /// The generator that draws the initial u of a player's spectrally normalised layers (its own stream of the run's
    /// seed), or null when the player has no spectral normalization.
    /// </summary>
    static Generator? SpectralNormDraws(ExperimentConfig c, bool on, int stream) =>
        on ? new Generator(RandomStreams.Seed(c.Seed, stream)) : null;

    static PointwiseGame CreatePointwise(GameConfig g, Device device, ScalarType dtype)
    {
        var family = LossFamilies.Create(g.Loss);
        var domain = g.Domain switch
        {
            "logit" => PointwiseDomain.Logit,
            "probability" => PointwiseDomain.Probability,
            _ => family.OutputIsLogit ? PointwiseDomain.Probability : PointwiseDomain.Logit,
        };
        return new PointwiseGame(family, g.Density, domain, device, dtype);
    }
}
