using RealGanLab.Games;
using RealGanLab.Metrics;
using RealGanLab.Numerics;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// Generated samples from the run's fixed noise and their PacGAN mode metrics (docs/design.md §4: 2,500 samples).
/// The same noise at every epoch and across resume, so successive pictures show the generator moving, not the
/// noise. BatchNorm statistics are restored afterwards.
/// </summary>
public static class EpochEvaluation
{
    public static (double[][] Samples, ModeCoverageResult Coverage) Run(MixtureGan game, Tensor fixedNoise)
    {
        using var buffers = new BufferSnapshot(game.GeneratorNetwork, game.DiscriminatorNetwork);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var samples = Vectors.ToRows(game.Generate(fixedNoise));
        return (samples, ModeCoverage.Evaluate(samples, game.Mixture));
    }

    /// <summary>
    /// Real samples from their own seeded stream: the background of the sample plot (<see cref="RandomStreams.PlotData"/>)
    /// or the k-nearest-neighbour metrics' reference and floor sets.
    /// </summary>
    public static double[][] RealSamples(MixtureGan game, int count, int seed, int stream = RandomStreams.PlotData)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(RandomStreams.Seed(seed, stream));
        return Vectors.ToRows(game.Mixture.Sample(count, generator, float64, CPU));
    }
}
