namespace RealGanLab.Networks;

/// <summary>
/// MNIST geometry: 28×28 images with 1 channel (MNIST) or 3 (Stacked MNIST). Images travel through the game
/// flattened to [n, C·28·28] so that every regularizer written for vectors (gradient-penalty norms per row,
/// interpolation weights [n, 1], instance noise) applies unchanged; the networks reshape at their edges.
/// </summary>
public readonly record struct ImageShape(int Channels)
{
    public const int Side = 28;

    /// <summary>DCGAN's stride-2 stages: 28 → 14 → 7.</summary>
    public const int Base = 7;

    public int Size => Channels * Side * Side;

    public long[] Batch(long n) => [n, Channels, Side, Side];
}
