using RealGanLab.Configuration;
using RealGanLab.Data.Mnist;
using RealGanLab.Games;
using static TorchSharp.torch;

namespace RealGanLab.Composition;

/// <summary>
/// One game as configuration knows it: its name (game:name), a one-line description, what it has (<see cref="GameTraits"/>)
/// and how to build it from the whole config on a device, with the MNIST loader for the image games.
/// </summary>
public sealed record GameEntry(
    string Name,
    string Description,
    GameTraits Traits,
    Func<ExperimentConfig, Device, ScalarType, Func<MnistSplit, MnistSet>?, IGame> Create);
