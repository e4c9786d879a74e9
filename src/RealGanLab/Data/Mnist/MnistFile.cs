namespace RealGanLab.Data.Mnist;

/// <summary>One of the four original MNIST IDX files and the SHA-256 of its uncompressed bytes.</summary>
public sealed record MnistFile(string Name, string Sha256, long Length)
{
    public static MnistFile TrainImages { get; } = new("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47_040_016);
    public static MnistFile TrainLabels { get; } = new("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60_008);
    public static MnistFile TestImages { get; } = new("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7_840_016);
    public static MnistFile TestLabels { get; } = new("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10_008);

    public static IReadOnlyList<MnistFile> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    public static (MnistFile Images, MnistFile Labels) Of(MnistSplit split) =>
        split == MnistSplit.Train ? (TrainImages, TrainLabels) : (TestImages, TestLabels);
}
