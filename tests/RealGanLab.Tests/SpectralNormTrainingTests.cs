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
/// Spectral normalization in training: u and v survive a checkpoint bit for bit, each trainer step advances the power
/// iteration exactly once while probes hold it, and the probe's Jacobian with u and v fixed agrees with finite
/// differences of the field. The layers themselves: <see cref="SpectralNormTests"/>.
/// </summary>
[NoGarbageCollection]
public class SpectralNormTrainingTests
{
    static readonly string[] TinySn = SpectralNormTests.TinySn;

    [Fact]
    public void UAndVSurviveACheckpointBitForBit()
    {
        manual_seed(14);
        using var a = new Mlp("d", 2, 1, 2, 6, "relu", "none", new Generator(1));
        foreach (var layer in SpectralNormalization.In(a)) for (int i = 0; i < 3; i++) layer.PowerIteration();
        var path = Path.Combine(CliRunner.TempDirectory(), "sn.ckpt");
        new CheckpointWriter().AddModule("d", a).Save(path);

        manual_seed(15);
        using var b = new Mlp("d", 2, 1, 2, 6, "relu", "none", new Generator(2));
        var before = SpectralNormalization.In(b);
        Assert.False(Same(before[0].U, SpectralNormalization.In(a)[0].U));
        CheckpointReader.Open(path).LoadModule("d", b);
        foreach (var (x, y) in SpectralNormalization.In(a).Zip(SpectralNormalization.In(b)))
        {
            Assert.True(Same(x.U, y.U), "u differs after the round trip");
            Assert.True(Same(x.V, y.V), "v differs after the round trip");
        }
        using var scope = NewDisposeScope();
        var input = randn(9, 2);
        Assert.True(Same(a.call(input), b.call(input)));

        // A network without spectral normalization does not take this checkpoint: the misfit names u.
        using var plain = new Mlp("d", 2, 1, 2, 6, "relu", "none");
        var e = Assert.Throws<CheckpointSectionException>(() => CheckpointReader.Open(path).CheckModule("d", plain));
        Assert.Contains("blocks.0.u", e.Message);
    }

    [Fact]
    public void EachTrainerStepAdvancesThePowerIterationExactlyOnceAndProbesDoNotAdvanceIt()
    {
        var run = new RunDirectory(Path.Combine(CliRunner.TempDirectory(), "run"));
        run.Create();
        var overrides = new Dictionary<string, string>
        {
            ["dtype"] = "float64", ["generator:latent"] = "2", ["generator:hiddenLayers"] = "1", ["generator:width"] = "4",
            ["discriminator:hiddenLayers"] = "1", ["discriminator:width"] = "4", ["game:batchSize"] = "16",
            ["generator:spectralNorm"] = "true", ["discriminator:spectralNorm"] = "true",
            // altgd with two D steps: the discriminator is evaluated several times per step, u must still move once.
            ["rule:name"] = "altgd", ["rule:nDis"] = "2",
            ["train:steps"] = "3", ["train:stepsPerEpoch"] = "3", ["train:logEvery"] = "1", ["train:probeEvery"] = "1",
            ["probe:batchSize"] = "16", ["train:checkpointEvery"] = "1", ["train:keepEvery"] = "1", ["train:evalSamples"] = "100",
        };
        var config = ConfigLoader.Load(null, overrides, useEnvironment: false, baseJson: [TrainDefaults.Json]);
        using (var trainer = Trainer.Create(config, run, new TrainOptions()))
            Assert.Equal("completed", trainer.Run().Status);

        // State k (k = 0: a fresh game from the same seed) advanced once by hand must be step k + 1's u and v, bit for bit.
        using var game = (GanGame)GameHost.Create(config);
        for (long k = 0; k < 3; k++)
        {
            if (k > 0) Load(game, Path.Combine(run.Checkpoints, CheckpointStore.NumberedName(k)));
            using var next = (GanGame)GameHost.Create(config);
            Load(next, Path.Combine(run.Checkpoints, CheckpointStore.NumberedName(k + 1)));
            var before = PowerVectors(game);
            game.AdvanceSpectralNorm();
            var once = PowerVectors(game);
            Assert.Equal(8, once.Count);   // u and v of G's two layers and of D's two layers
            Assert.True(once.Zip(PowerVectors(next)).All(p => Same(p.First, p.Second)),
                $"u, v at step {k + 1} are not one power iteration from step {k}");
            Assert.False(before.Zip(once).All(p => Same(p.First, p.Second)), "the iteration did not move u, v");
            // Control: two iterations give other vectors, so the equality above pins the count to one.
            game.AdvanceSpectralNorm();
            Assert.False(PowerVectors(game).Zip(PowerVectors(next)).All(p => allclose(p.First, p.Second, rtol: 1e-9, atol: 1e-12)));
        }
    }

    /// <summary>Same shape and bitwise the same values.</summary>
    static bool Same(Tensor a, Tensor b) => SpectralNormTests.Same(a, b);

    static void Load(GanGame game, string path)
    {
        var reader = CheckpointReader.Open(path);
        reader.LoadModule("generator", game.GeneratorNetwork);
        reader.LoadModule("discriminator", game.DiscriminatorNetwork);
    }

    static List<Tensor> PowerVectors(GanGame game) =>
        game.GeneratorSpectralNorm.Concat(game.DiscriminatorSpectralNorm).SelectMany(l => new[] { l.U.clone(), l.V.clone() }).ToList();

    [Fact]
    public void TheProbesJacobianWithUAndVFixedAgreesWithFiniteDifferencesOfTheField()
    {
        var config = Config([.. TinySn, "game:loss=non-saturating"]);
        using var game = (GanGame)GameHost.Create(config);
        // Away from the initial u: a few iterations, as after a few training steps.
        for (int i = 0; i < 3; i++) game.AdvanceSpectralNorm();
        var u = PowerVectors(game);
        using var scope = NewDisposeScope();
        var batch = game.SampleBatch(32, new Generator(8), 0);
        var x0 = GameState.GetTensor(game);
        var direction = randn([game.ParameterCount], dtype: float64, generator: new Generator(9));
        direction = direction.div(direction.norm());

        Tensor jv;
        {
            var jacobian = new FieldJacobian(() => game.Evaluate(batch, createGraph: true).Flat(), game.Parameters);
            jv = jacobian.Jvp(direction);
        }
        // Central differences of v with the same stored u, v (the forward pass never changes them); O(h²) error.
        const double h = 1e-5;
        GameState.Set(game, x0.add(direction.mul(h)));
        var plus = game.Evaluate(batch, createGraph: false).Flat().detach();
        GameState.Set(game, x0.sub(direction.mul(h)));
        var minus = game.Evaluate(batch, createGraph: false).Flat().detach();
        GameState.Set(game, x0);
        var fd = plus.sub(minus).div(2 * h);
        double scale = jv.norm().item<double>();
        Assert.True(scale > 1e-3, $"degenerate Jacobian-vector product ({scale})");
        Assert.InRange(fd.sub(jv).norm().item<double>(), 0, 1e-6 * scale);
        Assert.True(u.Zip(PowerVectors(game)).All(p => Same(p.First, p.Second)), "evaluating the field moved u or v");
    }
}
