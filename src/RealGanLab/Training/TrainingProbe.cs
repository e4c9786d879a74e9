using System.Diagnostics;
using RealGanLab.Configuration;
using RealGanLab.Games;
using RealGanLab.Optimizers;
using RealGanLab.Probes;
using RealGanLab.Rules;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// The live probe of a training run (docs/design.md §3): on the run's fixed probe batch, the eigenvalues of the
/// Jacobian of the field the rule follows (dense for small games, top-k by Arnoldi otherwise, plus the
/// extreme real and imaginary parts), the update operator's spectral radius, ‖v‖ per player and each
/// player's Hessian extremes (Lanczos on the diagonal blocks of ∂v/∂x). It reads the game and writes nothing: with
/// spectral normalization it differentiates the forward pass with the layers' u, v held fixed and does not advance them.
/// </summary>
public static class TrainingProbe
{
    /// <param name="warm">The previous live probe's Ritz vectors (replaced by this probe's); null: a cold, seeded start.</param>
    public static ProbeReading Run(GanGame game, IUpdateRule rule, GameBatch batch, PlayerOptimizers optimizers, ExperimentConfig config, long step,
        ArnoldiWarmStart? warm = null)
    {
        var clock = Stopwatch.StartNew();
        // A rule that looks ahead through an optimizer (unrolled GAN) follows the field of the optimizer's current state.
        (rule as IOptimizerAwareRule)?.Attach(optimizers);
        using var buffers = new BufferSnapshot(game.GeneratorNetwork, game.DiscriminatorNetwork);
        using var scope = NewDisposeScope();
        // The players' own Hessians are blocks of ∂v/∂x of the game's field, whatever field the rule follows; when the
        // rule follows v itself, one Jacobian (one graph) serves the spectrum and the Hessians.
        FieldJacobian GameJacobian() => new(() => game.Evaluate(batch, createGraph: true).Flat(), game.Parameters);
        var shared = rule.ModifiesField ? null : GameJacobian();
        var spectrum = SpectrumProbe.Run(game, rule, batch, optimizers.StepSizes(), optimizers.Momentum, config.Probe, config.Seed, shared, warm);
        IReadOnlyList<PlayerHessianExtremes> hessians = [];
        if (config.Train.HessianIterations > 0)
        {
            hessians = HessianExtremes.Compute(shared ?? GameJacobian(), game.Players,
                new LanczosOptions { MaxIterations = config.Train.HessianIterations, Seed = config.Seed });
        }
        IReadOnlyList<(string, SpectralDensity)> densities = [];
        if (config.Probe.DensityVectors > 0)
        {
            using var densityScope = NewDisposeScope();
            densities = HessianExtremes.Densities(shared ?? GameJacobian(), game.Players, config.Probe.DensityVectors, config.Probe.DensitySteps, config.Seed + 3);
        }
        return new ProbeReading(step, spectrum, hessians, clock.Elapsed.TotalSeconds, game.HasSpectralNorm) { Densities = densities };
    }
}
