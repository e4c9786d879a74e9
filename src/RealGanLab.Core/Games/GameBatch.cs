using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>
/// Everything random that one evaluation of the game consumes: real samples, latent codes, instance-noise
/// draws, interpolation weights and perturbations, all drawn up front so that a fixed batch gives a deterministic field
/// (the probe relies on that). Data-free games only use <see cref="Size"/>. Row i of every tensor belongs
/// to sample i, so <see cref="Slice"/> gives sub-batches for per-sample and split estimators.
/// </summary>
public sealed class GameBatch : IDisposable
{
    /// <summary>Number of samples.</summary>
    public required int Size { get; init; }

    /// <summary>Training step the batch was drawn for (annealing schedules read it).</summary>
    public long Step { get; init; }

    /// <summary>Real samples [B, dataDim].</summary>
    public Tensor? Real { get; init; }

    /// <summary>Latent codes [B, zDim].</summary>
    public Tensor? Latent { get; init; }

    /// <summary>Standard-normal draws for instance noise on real inputs [B, dataDim].</summary>
    public Tensor? RealNoise { get; init; }

    /// <summary>Standard-normal draws for instance noise on generated inputs [B, dataDim].</summary>
    public Tensor? FakeNoise { get; init; }

    /// <summary>U[0,1] weights of real vs generated sample for gradient-penalty interpolates [B, 1].</summary>
    public Tensor? Mix { get; init; }

    /// <summary>U[0,1] draws of the real samples' shape for penalties around perturbed real samples (DRAGAN).</summary>
    public Tensor? RealPerturbation { get; init; }

    /// <summary>
    /// The standard deviation of every element of the whole batch's real samples (population, a scalar), for the same
    /// penalties: kept whole by <see cref="Slice"/>, so a slice is penalised exactly as it is inside the batch.
    /// </summary>
    public Tensor? RealStd { get; init; }

    /// <summary>Rows [start, start + length) of every tensor (views, no copy).</summary>
    public GameBatch Slice(int start, int length)
    {
        if (start < 0 || length < 1 || start + length > Size)
            throw new ArgumentOutOfRangeException(nameof(start), $"slice [{start}, {start + length}) of a batch of {Size}");
        return new GameBatch
        {
            Size = length,
            Step = Step,
            Real = Real?.narrow(0, start, length),
            Latent = Latent?.narrow(0, start, length),
            RealNoise = RealNoise?.narrow(0, start, length),
            FakeNoise = FakeNoise?.narrow(0, start, length),
            Mix = Mix?.narrow(0, start, length),
            RealPerturbation = RealPerturbation?.narrow(0, start, length),
            RealStd = RealStd,
        };
    }

    /// <summary>
    /// The same draws labelled with another step (annealing schedules read it). Shares the tensors: dispose only the
    /// original.
    /// </summary>
    public GameBatch AtStep(long step) => new()
    {
        Size = Size, Step = step, Real = Real, Latent = Latent, RealNoise = RealNoise, FakeNoise = FakeNoise, Mix = Mix,
        RealPerturbation = RealPerturbation, RealStd = RealStd,
    };

    /// <summary>Detaches the tensors from the current dispose scope (for batches that outlive a step, e.g. the probe batch).</summary>
    public GameBatch KeepAlive()
    {
        foreach (var t in Tensors()) t.DetachFromDisposeScope();
        return this;
    }

    public void Dispose()
    {
        foreach (var t in Tensors()) t.Dispose();
    }

    IEnumerable<Tensor> Tensors() =>
        new[] { Real, Latent, RealNoise, FakeNoise, Mix, RealPerturbation, RealStd }.Where(t => t is not null).Select(t => t!);
}
