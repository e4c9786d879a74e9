using RealGanLab.Configuration;
using RealGanLab.Data;

namespace RealGanLab.Composition;

/// <summary>
/// One dataset as configuration knows it (data:name): a one-line description with its source, and either how to
/// build its 2-D Gaussian mixture from the data section (<see cref="Mixture"/>, for game mlp) or the channels of its
/// 28×28 images (<see cref="ImageChannels"/> &gt; 0, for the image games, whose images the experiment layer loads).
/// </summary>
public sealed record DatasetEntry(string Name, string Description, Func<DataConfig, GaussianMixture>? Mixture = null, int ImageChannels = 0)
{
    public bool IsImages => ImageChannels > 0;
}
