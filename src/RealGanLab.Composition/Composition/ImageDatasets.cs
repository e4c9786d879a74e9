namespace RealGanLab.Composition;

/// <summary>The image datasets' names and channel counts, from <see cref="Datasets"/> (docs/design.md §4).</summary>
public static class ImageDatasets
{
    public const string Mnist = "mnist";
    public const string StackedMnist = "stacked-mnist";

    public static IReadOnlyList<string> Names => [.. Datasets.Entries.Where(e => e.IsImages).Select(e => e.Name)];

    public static bool Contains(string name) => Datasets.Find(name) is { IsImages: true };

    /// <summary>The channels of an image dataset's images (Stacked MNIST: 3).</summary>
    public static int Channels(string name) => Datasets.Find(name) is { IsImages: true } entry ? entry.ImageChannels
        : throw new ArgumentException($"'{name}' is not an image dataset", nameof(name));
}
