namespace RealGanLab.Numerics;

/// <summary>
/// Seeds of a run's independent random streams, derived from its one seed so that streams of different seeds
/// never coincide (seed + k would make run 1's training data run 0's probe batch).
/// </summary>
public static class RandomStreams
{
    public const int Training = 0;
    public const int ProbeBatch = 1;
    public const int FixedNoise = 2;
    public const int PlotData = 3;

    /// <summary>The shuffled epoch order of a finite dataset (MNIST).</summary>
    public const int DataOrder = 4;

    /// <summary>
    /// The initial u of G's and of D's spectrally normalised layers (Miyato et al. 2018): streams of their own, so that
    /// switching spectral normalization on leaves the layers' weight initialisation, and the other player's u, unchanged.
    /// </summary>
    public const int SpectralNormGenerator = 5;

    public const int SpectralNormDiscriminator = 6;

    /// <summary>
    /// The real points the k-nearest-neighbour metrics compare generated ones with (precision, recall, density,
    /// coverage), and a second real set of the same size for their real-vs-real floor. Drawn with seed 0 whatever the
    /// run's seed, so that runs of different seeds are measured against the same real points.
    /// </summary>
    public const int ManifoldReference = 7;

    public const int ManifoldFloor = 8;

    /// <summary>SplitMix64 of (seed, stream): well-mixed 64-bit seeds for torch generators.</summary>
    public static ulong Seed(int seed, int stream)
    {
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
